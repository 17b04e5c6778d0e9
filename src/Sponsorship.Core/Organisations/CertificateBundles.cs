using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Data;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Storage;

namespace Sponsorship.Core.Organisations;

/// <summary>A bundle as the order's page shows it: how far it got, and whether it still holds the current certificates.</summary>
public sealed record BundleState(int Id, BundleKind Kind, BundleStatus Status, int Total, int Done, long? FileBytes, bool Current, DateTimeOffset RequestedAt);

public sealed record BundleFile(Stream Content, string FileName, string ContentType);

/// <summary>Wakes the bundle worker when a bundle is asked for (it also polls).</summary>
public sealed class CertificateBundleSignal : WakeSignal;

/// <summary>
/// All valid certificates of an order as one PDF (a page each) or a ZIP of single PDFs. A member asks for one; a
/// background worker (<see cref="ProcessNextAsync"/>) claims it under a lease, renders the certificates one by one,
/// writes its progress every few pages for the page's progress bar, and stores the file. Asking again for the same
/// certificates gives the same bundle; once a gift is claimed (a new certificate) the next request makes a new one.
/// </summary>
public sealed class CertificateBundles(
    IDbContextFactory<SponsorshipDbContext> dbFactory, IFileStore files, CertificateFiles certificates, CertificateDocument document,
    CertificateBundleSignal signal, IOptions<OrganisationOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public async Task<BundleState?> RequestAsync(int organisationId, int orderId, BundleKind kind, string userId, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(kind))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await CanSeeOrderAsync(db, organisationId, orderId, userId, cancellationToken))
        {
            return null;
        }

        var (fingerprint, count) = await FingerprintAsync(db, orderId, cancellationToken);
        if (count == 0)
        {
            return null;
        }

        var existing = await db.CertificateBundles.AsNoTracking()
            .Where(b => b.OrderId == orderId && b.Kind == kind && b.Fingerprint == fingerprint && b.Status != BundleStatus.Failed)
            .OrderByDescending(b => b.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return State(existing, fingerprint);
        }

        var bundle = new CertificateBundle
        {
            OrderId = orderId, Kind = kind, Fingerprint = fingerprint, Status = BundleStatus.Queued, Total = count, RequestedAt = clock.GetUtcNow(),
        };
        db.CertificateBundles.Add(bundle);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return State(bundle, fingerprint);
    }

    /// <summary>The newest bundle of each kind for the order (null for someone who may not see it).</summary>
    public async Task<IReadOnlyList<BundleState>?> StatusAsync(int organisationId, int orderId, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await CanSeeOrderAsync(db, organisationId, orderId, userId, cancellationToken))
        {
            return null;
        }

        var (fingerprint, _) = await FingerprintAsync(db, orderId, cancellationToken);
        var newest = await db.CertificateBundles.AsNoTracking().Where(b => b.OrderId == orderId)
            .GroupBy(b => b.Kind).Select(g => g.OrderByDescending(b => b.Id).First()).ToListAsync(cancellationToken);
        return [.. newest.OrderBy(b => b.Kind).Select(b => State(b, fingerprint))];
    }

    public async Task<BundleFile?> OpenAsync(int organisationId, int orderId, int bundleId, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await CanSeeOrderAsync(db, organisationId, orderId, userId, cancellationToken))
        {
            return null;
        }

        var bundle = await db.CertificateBundles.AsNoTracking()
            .SingleOrDefaultAsync(b => b.Id == bundleId && b.OrderId == orderId && b.Status == BundleStatus.Ready, cancellationToken);
        if (bundle?.FileKey is not { } key || await files.OpenReadAsync(key, cancellationToken) is not { } stream)
        {
            return null;
        }

        var extension = bundle.Kind == BundleKind.Pdf ? "pdf" : "zip";
        return new BundleFile(stream, $"certificates-order-{orderId}.{extension}", FileStoreKey.ContentType(key));
    }

    /// <summary>
    /// Claims the oldest waiting bundle (or one whose worker's lease ran out) and makes it. Returns its id, or null when
    /// there was nothing to do.
    /// </summary>
    public async Task<int?> ProcessNextAsync(string holder, string publicBaseUrl, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        CertificateBundle? bundle;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var candidate = await db.CertificateBundles.AsNoTracking()
                .Where(b => b.Status == BundleStatus.Queued || (b.Status == BundleStatus.Running && b.LeaseUntil < now))
                .OrderBy(b => b.RequestedAt).ThenBy(b => b.Id).Select(b => (int?)b.Id).FirstOrDefaultAsync(cancellationToken);
            if (candidate is not { } id)
            {
                return null;
            }

            // Conditional on it still being free: two workers claiming at once make it once.
            var claimed = await db.CertificateBundles
                .Where(b => b.Id == id && (b.Status == BundleStatus.Queued || (b.Status == BundleStatus.Running && b.LeaseUntil < now)))
                .ExecuteUpdateAsync(
                    set => set.SetProperty(b => b.Status, BundleStatus.Running).SetProperty(b => b.LeaseHolder, holder)
                        .SetProperty(b => b.LeaseUntil, now + Lease).SetProperty(b => b.Done, 0),
                    cancellationToken);
            if (claimed != 1)
            {
                return id;
            }

            bundle = await db.CertificateBundles.AsNoTracking().SingleAsync(b => b.Id == id, cancellationToken);
        }

        try
        {
            await MakeAsync(bundle, holder, publicBaseUrl, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            var failure = e.Message.Length > 500 ? e.Message[..500] : e.Message;
            await db.CertificateBundles.Where(b => b.Id == bundle.Id && b.LeaseHolder == holder)
                .ExecuteUpdateAsync(set => set.SetProperty(b => b.Status, BundleStatus.Failed).SetProperty(b => b.Failure, failure)
                    .SetProperty(b => b.FinishedAt, clock.GetUtcNow()), CancellationToken.None);
        }

        return bundle.Id;
    }

    private async Task MakeAsync(CertificateBundle bundle, string holder, string publicBaseUrl, CancellationToken cancellationToken)
    {
        List<(string Serial, int Version)> serials;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var rows = await ValidCertificates(db, bundle.OrderId).Select(c => new { c.Serial, c.Version }).ToListAsync(cancellationToken);
            serials = [.. rows.Select(c => (c.Serial, c.Version))];
            await db.CertificateBundles.Where(b => b.Id == bundle.Id).ExecuteUpdateAsync(set => set.SetProperty(b => b.Total, serials.Count), cancellationToken);
        }

        using var output = new MemoryStream();
        var done = 0;
        async IAsyncEnumerable<CertificateContent> Contents()
        {
            foreach (var (serial, _) in serials)
            {
                CertificateFacts? facts;
                await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
                {
                    facts = await CertificateFacts.FindAsync(db, serial, cancellationToken);
                }

                if (facts is not null)
                {
                    yield return await certificates.ContentAsync(facts, publicBaseUrl, cancellationToken);
                }

                if (++done % options.Value.BundleProgressEvery == 0)
                {
                    await ProgressAsync(bundle.Id, holder, done, cancellationToken);
                }
            }
        }

        if (bundle.Kind == BundleKind.Pdf)
        {
            using var book = document.NewBook();
            await foreach (var content in Contents())
            {
                book.Add(content);
            }

            book.Save(output);
        }
        else
        {
            using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
            await foreach (var content in Contents())
            {
                // PDFs are compressed inside already: storing them is as small and much faster.
                var entry = zip.CreateEntry($"certificate-{content.Serial}-{content.EarTag}.pdf", CompressionLevel.NoCompression);
                await using var stream = entry.Open();
                await stream.WriteAsync(document.Render(content), cancellationToken);
            }
        }

        var key = $"bundles/{bundle.OrderId}/{Guid.NewGuid():N}.{(bundle.Kind == BundleKind.Pdf ? "pdf" : "zip")}";
        await files.SaveAsync(key, output.GetBuffer().AsMemory(0, (int)output.Length), cancellationToken);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var fingerprint = Fingerprint(serials);
            var finished = await db.CertificateBundles.Where(b => b.Id == bundle.Id && b.LeaseHolder == holder)
                .ExecuteUpdateAsync(
                    set => set.SetProperty(b => b.Status, BundleStatus.Ready).SetProperty(b => b.Done, serials.Count)
                        .SetProperty(b => b.Total, serials.Count).SetProperty(b => b.FileKey, key).SetProperty(b => b.FileBytes, output.Length)
                        .SetProperty(b => b.Fingerprint, fingerprint).SetProperty(b => b.FinishedAt, clock.GetUtcNow()),
                    cancellationToken);
            if (finished != 1)
            {
                // Another worker took the bundle over after this one's lease ran out; its file is the one kept.
                await files.DeleteAsync(key, cancellationToken);
            }
        }
    }

    private async Task ProgressAsync(int bundleId, string holder, int done, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.CertificateBundles.Where(b => b.Id == bundleId && b.LeaseHolder == holder && b.Status == BundleStatus.Running)
            .ExecuteUpdateAsync(set => set.SetProperty(b => b.Done, done).SetProperty(b => b.LeaseUntil, clock.GetUtcNow() + Lease), cancellationToken);
        if (rows != 1)
        {
            throw new OperationCanceledException($"Bundle {bundleId} was taken over by another worker.");
        }
    }

    private static IQueryable<Certificate> ValidCertificates(SponsorshipDbContext db, int orderId) =>
        db.Certificates.AsNoTracking().Where(c => c.Status == CertificateStatus.Valid && c.Adoption.OrganisationOrderId == orderId)
            .OrderBy(c => c.AdoptionId).ThenBy(c => c.Id);

    private static async Task<(string Fingerprint, int Count)> FingerprintAsync(SponsorshipDbContext db, int orderId, CancellationToken cancellationToken)
    {
        var current = await ValidCertificates(db, orderId).Select(c => new { c.Serial, c.Version }).ToListAsync(cancellationToken);
        return (Fingerprint([.. current.Select(c => (c.Serial, c.Version))]), current.Count);
    }

    private static string Fingerprint(IReadOnlyList<(string Serial, int Version)> certificates) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', certificates.Select(c => $"{c.Serial}:{c.Version}")))));

    private static BundleState State(CertificateBundle b, string currentFingerprint) =>
        new(b.Id, b.Kind, b.Status, b.Total, b.Done, b.FileBytes, b.Fingerprint == currentFingerprint, b.RequestedAt);

    private static async Task<bool> CanSeeOrderAsync(SponsorshipDbContext db, int organisationId, int orderId, string userId, CancellationToken cancellationToken) =>
        await db.OrganisationOrders.AnyAsync(o => o.Id == orderId && o.OrganisationId == organisationId, cancellationToken)
        && await OrganisationAccess.CanSeeAsync(db, organisationId, userId, cancellationToken);
}
