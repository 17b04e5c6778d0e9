using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Testing;
using Sponsorship.Core.Flock;
using UglyToad.PdfPig;

namespace Sponsorship.Core.Tests.Certificates;

/// <summary>The demo's certificates (issued through the real capture path) downloaded, verified, revoked and superseded.</summary>
public class CertificateLifecycleTests(SeededDatabase database) : IClassFixture<SeededDatabase>
{
    private const string BaseUrl = "https://sheep.example.cn";
    private readonly MemoryCache cache = new(new MemoryCacheOptions());

    private CertificateFiles Files => new(database.DbFactory, database.Files, CertificateSamples.Document, CertificateSamples.Codes, new TestWording(), cache, database.Calendar);

    private CertificateVerification Verification => new(database.DbFactory, CertificateSamples.Codes);

    [Fact]
    public async Task The_owner_and_an_admin_get_the_pdf_and_nobody_else_does()
    {
        var (serial, owner) = await CertificateAsync(0);
        var other = (await CertificateAsync(1)).Owner;

        Assert.NotNull(await Files.FindAsync(serial, owner, isAdmin: false, BaseUrl));
        Assert.NotNull(await Files.FindAsync(serial, "someone-else", isAdmin: true, BaseUrl));
        Assert.Null(await Files.FindAsync(serial, other, isAdmin: false, BaseUrl));
        Assert.Null(await Files.FindAsync(serial, null, isAdmin: false, BaseUrl));
        Assert.Null(await Files.FindAsync("2026-NOSUCH00", owner, isAdmin: true, BaseUrl));
    }

    [Fact]
    public async Task The_pdf_names_the_sponsor_the_serial_and_the_ear_tag_and_its_qr_code_verifies()
    {
        var (serial, owner) = await CertificateAsync(2);
        await using var db = await database.CreateDbContextAsync();
        var facts = await CertificateFacts.FindAsync(db, serial, CancellationToken.None);

        var pdf = await Files.FindAsync(serial, owner, isAdmin: false, BaseUrl);

        using (var document = PdfDocument.Open(pdf!.Content))
        {
            var text = document.GetPage(1).Text;
            Assert.NotNull(facts);
            Assert.Contains(facts.NameOnCertificate, text, StringComparison.Ordinal);
            Assert.Contains(serial, text, StringComparison.Ordinal);
            Assert.Contains(facts.EarTag, text, StringComparison.Ordinal);
            Assert.Contains(facts.SheepName, text, StringComparison.Ordinal);
            Assert.NotEqual("", facts.SheepNameLatin);
            Assert.Contains(facts.SheepNameLatin, text, StringComparison.Ordinal);
            Assert.Contains(facts.VillageName, text, StringComparison.Ordinal);
        }

        var url = PdfPages.DecodeQr(await PdfPages.RenderPngAsync(pdf.Content));
        Assert.Equal(CertificateSamples.Codes.VerificationUrl(BaseUrl, serial), url);
        Assert.NotNull(url);
        var code = url[(url.IndexOf("?c=", StringComparison.Ordinal) + 3)..];
        Assert.Equal(VerificationOutcome.Valid, (await Verification.VerifyAsync(serial, code)).Outcome);
    }

    [Fact]
    public async Task A_forged_or_altered_code_cannot_verify_and_reveals_nothing()
    {
        var (serial, _) = await CertificateAsync(3);
        var code = CertificateSamples.Codes.CodeFor(serial);
        // Each symbol moved one step along the code's own alphabet: well formed, and never the right code or a look-alike of it.
        const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var altered = string.Concat(code.Select(c => Alphabet[(Alphabet.IndexOf(c, StringComparison.Ordinal) + 1) % Alphabet.Length]));
        var forged = new CertificateCodes("an-attacker-guessing-the-key-0123456789").CodeFor(serial);

        foreach (var wrong in new[] { altered, forged, CertificateSamples.Codes.CodeFor(serial + "X"), "", null })
        {
            var result = await Verification.VerifyAsync(serial, wrong);
            Assert.Equal(VerificationOutcome.CannotVerify, result.Outcome);
            Assert.Null(result.Certificate);
            Assert.Null(result.SponsorName);
        }
    }

    [Fact]
    public async Task An_unknown_serial_with_its_right_code_is_unknown()
    {
        var result = await Verification.VerifyAsync("2026-ZZZZZZZZ", CertificateSamples.Codes.CodeFor("2026-ZZZZZZZZ"));

        Assert.Equal(VerificationOutcome.Unknown, result.Outcome);
        Assert.Null(result.Certificate);
    }

    [Fact]
    public async Task The_sponsor_is_shown_by_initials_unless_they_opted_in()
    {
        await using var db = await database.CreateDbContextAsync();
        var certificates = await db.Certificates.Select(c => new { c.Serial, c.NameOnCertificate, c.Adoption.ShowNameOnVerification }).ToListAsync();
        var shown = certificates.First(c => c.ShowNameOnVerification);
        var hidden = certificates.First(c => !c.ShowNameOnVerification);

        var open = await Verification.VerifyAsync(shown.Serial, CertificateSamples.Codes.CodeFor(shown.Serial));
        var masked = await Verification.VerifyAsync(hidden.Serial, CertificateSamples.Codes.CodeFor(hidden.Serial));

        Assert.Equal(shown.NameOnCertificate, open.SponsorName);
        Assert.Equal(CertificateVerification.Initials(hidden.NameOnCertificate), masked.SponsorName);
        Assert.NotEqual(hidden.NameOnCertificate, masked.SponsorName);
        Assert.Equal("", masked.Certificate!.SponsorUserId);
    }

    [Fact]
    public async Task A_revoked_certificate_verifies_as_revoked_with_its_date_and_the_cached_pdf_is_not_reused()
    {
        var (serial, owner) = await CertificateAsync(4);
        var before = await Files.FindAsync(serial, owner, isAdmin: false, BaseUrl);
        Assert.Same(before!.Content, (await Files.FindAsync(serial, owner, isAdmin: false, BaseUrl))!.Content);

        var revokedAt = database.Clock.GetUtcNow();
        await using (var db = await database.CreateDbContextAsync())
        {
            var adoptionId = await db.Certificates.Where(c => c.Serial == serial).Select(c => c.AdoptionId).SingleAsync();
            await CertificateIssuer.RevokeAsync(db, adoptionId, revokedAt);
            await db.SaveChangesAsync();
        }

        var result = await Verification.VerifyAsync(serial, CertificateSamples.Codes.CodeFor(serial));
        Assert.Equal(VerificationOutcome.Revoked, result.Outcome);
        Assert.Equal(revokedAt, result.Certificate!.StatusChangedAt);
        var after = await Files.FindAsync(serial, owner, isAdmin: false, BaseUrl);
        Assert.Equal(before.Version + 1, after!.Version);
        Assert.NotSame(before.Content, after.Content);
    }

    [Fact]
    public async Task A_reissued_certificate_supersedes_the_old_one()
    {
        var (serial, _) = await CertificateAsync(5);
        string newSerial;
        await using (var db = await database.CreateDbContextAsync())
        {
            var adoptionId = await db.Certificates.Where(c => c.Serial == serial).Select(c => c.AdoptionId).SingleAsync();
            var adoption = await db.Adoptions.SingleAsync(a => a.Id == adoptionId);
            newSerial = (await CertificateIssuer.IssueAsync(db, adoption, database.Clock.GetUtcNow(), database.Calendar)).Serial;
            await db.SaveChangesAsync();
        }

        Assert.Equal(VerificationOutcome.Superseded, (await Verification.VerifyAsync(serial, CertificateSamples.Codes.CodeFor(serial))).Outcome);
        Assert.Equal(VerificationOutcome.Valid, (await Verification.VerifyAsync(newSerial, CertificateSamples.Codes.CodeFor(newSerial))).Outcome);
    }

    [Fact]
    public async Task The_confirmation_mail_gets_the_adoptions_valid_certificate()
    {
        var (serial, _) = await CertificateAsync(6);
        await using var db = await database.CreateDbContextAsync();
        var adoptionId = await db.Certificates.Where(c => c.Serial == serial).Select(c => c.AdoptionId).SingleAsync();

        var pdf = await Files.ForAdoptionAsync(adoptionId, BaseUrl);

        Assert.Equal(serial, pdf!.Serial);
        Assert.Null(await Files.ForAdoptionAsync(-1, BaseUrl));
    }

    [Theory]
    [InlineData("王晓燕", "王**")]
    [InlineData("陈堃", "陈*")]
    [InlineData("Élise Fournier", "É. F.")]
    [InlineData("Tomás Ibáñez-Ruiz", "T. I. R.")]
    [InlineData("巴特尔·其木格", "巴** 其**")]
    [InlineData("zoë", "Z.")]
    public void Initials_identify_nobody(string name, string initials) =>
        Assert.Equal(initials, CertificateVerification.Initials(name));

    /// <summary>The n-th demo certificate (in id order) that is still valid, and its adoption's sponsor.</summary>
    private async Task<(string Serial, string Owner)> CertificateAsync(int n)
    {
        await using var db = await database.CreateDbContextAsync();
        var row = await db.Certificates.OrderBy(c => c.Id).Skip(n)
            .Select(c => new { c.Serial, c.Adoption.SponsorUserId, c.Adoption.Status }).FirstAsync();
        Assert.Equal(AdoptionStatus.Active, row.Status);
        return (row.Serial, row.SponsorUserId);
    }

    private sealed class TestWording : ICertificateWording
    {
        public (string Chinese, string English) Breed(Breed breed) => (breed switch
        {
            Core.Flock.Breed.Chahar => "察哈尔羊",
            Core.Flock.Breed.Ujimqin => "乌珠穆沁羊",
            _ => "苏尼特羊",
        }, breed.ToString());

        public (string Chinese, string English) Sex(Sex sex) => (sex == Core.Flock.Sex.Ewe ? "母羊" : "公羊", sex.ToString());
    }
}
