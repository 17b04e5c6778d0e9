using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using SkiaSharp;

namespace Sponsorship.Core.Certificates;

/// <summary>
/// The certificate's fonts, read from the shipped folder (<c>wwwroot-assets/fonts/certificate</c>, see its README):
/// LXGW WenKai for Chinese (every CJK Unified Ideograph, rare name characters included), Noto Serif for Latin text,
/// Noto Sans Mongolian for the Mongolian line. All TrueType outlines, so PDFsharp embeds subsets.
/// </summary>
/// <remarks>
/// PDFsharp keeps one font resolver per process and wants the same instance every time it is set: <see cref="Use"/>
/// installs it once; later calls (another test host, the benchmarks) find the same fonts and change nothing.
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "One instance per process: it lives as long as PDFsharp's global font resolver.")]
public sealed class CertificateFonts : IFontResolver
{
    public const string Chinese = "Certificate Kai";
    public const string Latin = "Certificate Serif";

    /// <summary>The whole of LXGW WenKai, for the rare character the common subset lacks.</summary>
    public const string ChineseFull = "Certificate Kai Full";

    /// <summary>The folder inside the web root (and <c>wwwroot-assets</c>) that holds the font files.</summary>
    public const string RelativeDirectory = "fonts/certificate";

    private const string KaiFile = "CertificateKai-Common.ttf";
    private const string KaiFullFile = "LXGWWenKai-Regular.ttf";
    private const string LatinFile = "NotoSerif-Regular.ttf";
    private const string MongolianFile = "NotoSansMongolian-Regular.ttf";

    private static readonly Lock Gate = new();
    private static CertificateFonts? current;

    private readonly string directory;
    private readonly Dictionary<string, byte[]> files = [];
    private readonly SKFont latin;
    private readonly SKFont kai;
    private readonly Lazy<SKFont> kaiFull;
    private readonly ConcurrentDictionary<int, Coverage> coverage = new();

    private CertificateFonts(string directory)
    {
        this.directory = directory;
        latin = new SKFont(Typeface(LatinFile));
        kai = new SKFont(Typeface(KaiFile));
        kaiFull = new Lazy<SKFont>(() => new SKFont(Typeface(KaiFullFile)));
        Mongolian = Typeface(MongolianFile);
    }

    [Flags]
    private enum Coverage
    {
        None = 0,
        Latin = 1,
        Kai = 2,
        KaiFull = 4,
    }

    /// <summary>The font the Mongolian line is shaped with (HarfBuzz through SkiaSharp).</summary>
    public SKTypeface Mongolian { get; }

    /// <summary>The fonts in <paramref name="fontDirectory"/>, installed as PDFsharp's resolver on first use.</summary>
    public static CertificateFonts Use(string fontDirectory)
    {
        lock (Gate)
        {
            if (current is null)
            {
                if (!File.Exists(Path.Combine(fontDirectory, KaiFile)))
                {
                    throw new FileNotFoundException(
                        $"The certificate fonts are not in {fontDirectory} (expected {KaiFile}; they ship in wwwroot-assets/{RelativeDirectory}).");
                }

                current = new CertificateFonts(Path.GetFullPath(fontDirectory));
                GlobalFontSettings.FontResolver = current;
            }

            return current;
        }
    }

    /// <summary>Finds <c>wwwroot-assets/fonts/certificate</c> above <paramref name="start"/> (tests and benchmarks run from bin/).</summary>
    public static string FindShippedDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "wwwroot-assets", RelativeDirectory);
            if (File.Exists(Path.Combine(candidate, KaiFile)))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No wwwroot-assets/{RelativeDirectory} above {start}.");
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => familyName switch
    {
        Chinese => new FontResolverInfo(KaiFile, bold, false),
        ChineseFull => new FontResolverInfo(KaiFullFile, bold, false),
        Latin when bold => new FontResolverInfo("NotoSerif-Bold.ttf", false, italic),
        Latin when italic => new FontResolverInfo("NotoSerif-Italic.ttf"),
        Latin => new FontResolverInfo(LatinFile),
        _ => null,
    };

    public byte[]? GetFont(string faceName)
    {
        lock (files)
        {
            if (!files.TryGetValue(faceName, out var bytes))
            {
                bytes = File.ReadAllBytes(Path.Combine(directory, Path.GetFileName(faceName)));
                files[faceName] = bytes;
            }

            return bytes;
        }
    }

    /// <summary>
    /// The face a character is set in: Latin text in the serif when <paramref name="latinFirst"/>, Chinese in the common
    /// Kai subset, and whatever neither has (a rare character, a Vietnamese vowel) in the face that has it.
    /// </summary>
    public string FamilyFor(Rune rune, bool latinFirst)
    {
        var has = CoverageOf(rune.Value);
        if (latinFirst && has.HasFlag(Coverage.Latin) && rune.Value < 0x2E80)
        {
            return Latin;
        }

        return has.HasFlag(Coverage.Kai) ? Chinese
            : has.HasFlag(Coverage.Latin) ? Latin
            : has.HasFlag(Coverage.KaiFull) ? ChineseFull
            : Chinese;
    }

    /// <summary>
    /// <paramref name="text"/> cut into runs of one face each (<see cref="FamilyFor"/>), to be measured and drawn one after
    /// the other; a space stays with the run it is in.
    /// </summary>
    public IReadOnlyList<(string Text, string Family)> Runs(string text, bool latinFirst)
    {
        ArgumentNullException.ThrowIfNull(text);
        var runs = new List<(string, string)>();
        var current = new StringBuilder();
        string? family = null;
        foreach (var rune in text.EnumerateRunes())
        {
            var runeFamily = rune.Value == ' ' && family is not null ? family : FamilyFor(rune, latinFirst);
            if (family is not null && runeFamily != family)
            {
                runs.Add((current.ToString(), family));
                current.Clear();
            }

            family = runeFamily;
            current.Append(rune.ToString());
        }

        if (family is not null)
        {
            runs.Add((current.ToString(), family));
        }

        return runs;
    }

    /// <summary>True when every character of <paramref name="text"/> has a glyph in one of the faces.</summary>
    public bool Covers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.EnumerateRunes().All(r => CoverageOf(r.Value) != Coverage.None);
    }

    private Coverage CoverageOf(int codepoint) => coverage.GetOrAdd(codepoint, c =>
    {
        lock (coverage)
        {
            var has = Coverage.None;
            has |= latin.GetGlyph(c) != 0 ? Coverage.Latin : Coverage.None;
            has |= kai.GetGlyph(c) != 0 ? Coverage.Kai : Coverage.None;
            has |= has == Coverage.None && kaiFull.Value.GetGlyph(c) != 0 ? Coverage.KaiFull : Coverage.None;
            return has;
        }
    });

    private SKTypeface Typeface(string file) =>
        SKTypeface.FromFile(Path.Combine(directory, file))
        ?? throw new FileNotFoundException($"The certificate font {file} is missing.", Path.Combine(directory, file));

    public static XFont Font(string family, double size, XFontStyleEx style = XFontStyleEx.Regular) =>
        new(family, size, style, new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset));
}
