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

    /// <summary>The folder inside the web root (and <c>wwwroot-assets</c>) that holds the font files.</summary>
    public const string RelativeDirectory = "fonts/certificate";

    private const string KaiFile = "LXGWWenKai-Regular.ttf";
    private const string MongolianFile = "NotoSansMongolian-Regular.ttf";

    private static readonly Lock Gate = new();
    private static CertificateFonts? current;

    private readonly string directory;
    private readonly Dictionary<string, byte[]> files = [];
    private readonly SKFont latinRegular;
    private readonly ConcurrentDictionary<int, bool> latinCoverage = new();
    private readonly Lazy<SKFont> kaiFont;

    private CertificateFonts(string directory)
    {
        this.directory = directory;
        latinRegular = new SKFont(SKTypeface.FromFile(Path.Combine(directory, "NotoSerif-Regular.ttf"))
            ?? throw new FileNotFoundException("The certificate's Latin font is missing.", Path.Combine(directory, "NotoSerif-Regular.ttf")));
        kaiFont = new Lazy<SKFont>(() => new SKFont(SKTypeface.FromFile(Path.Combine(directory, KaiFile))));
        Mongolian = SKTypeface.FromFile(Path.Combine(directory, MongolianFile))
            ?? throw new FileNotFoundException("The certificate's Mongolian font is missing.", Path.Combine(directory, MongolianFile));
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
        Latin when bold => new FontResolverInfo("NotoSerif-Bold.ttf", false, italic),
        Latin when italic => new FontResolverInfo("NotoSerif-Italic.ttf"),
        Latin => new FontResolverInfo("NotoSerif-Regular.ttf"),
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

    /// <summary>True when the Latin face has a glyph for <paramref name="rune"/>; anything else is set in the Chinese face.</summary>
    public bool LatinCovers(Rune rune)
    {
        if (rune.Value >= 0x2E80)
        {
            return false;
        }

        return latinCoverage.GetOrAdd(rune.Value, codepoint =>
        {
            lock (latinRegular)
            {
                return latinRegular.GetGlyph(codepoint) != 0;
            }
        });
    }

    /// <summary>True when every character of <paramref name="text"/> has a glyph in the face it will be set in.</summary>
    public bool Covers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var kai = kaiFont.Value;
        lock (kai)
        {
            return text.EnumerateRunes().All(r => LatinCovers(r) || kai.GetGlyph(r.Value) != 0);
        }
    }

    public static XFont Font(string family, double size, XFontStyleEx style = XFontStyleEx.Regular) =>
        new(family, size, style, new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset));
}
