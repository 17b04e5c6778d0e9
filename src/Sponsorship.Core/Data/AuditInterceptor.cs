using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Data;

/// <summary>
/// Records an <see cref="AuditEntry"/> for every entity a signed-in user adds, modifies or deletes. New rows only get
/// their keys from the database, so the trail is written just after the change, inside a transaction that covers
/// both: the change and its trail commit together or not at all. Writes with nobody signed in (seeding, background
/// jobs) are not audited here.
/// </summary>
public sealed class AuditInterceptor(ICurrentUser currentUser, TimeProvider clock) : SaveChangesInterceptor
{
    private static readonly HashSet<string> SecretProperties =
    [
        nameof(ApplicationUser.PasswordHash), nameof(ApplicationUser.SecurityStamp),
        nameof(ApplicationUser.ConcurrencyStamp),
    ];

    private readonly ConditionalWeakTable<DbContext, PendingAudit> pending = [];

    /// <summary>Rows that are a record in their own right (the ledger, the outbox, webhook events, job runs).</summary>
    private static bool IsOwnRecord(object entity) =>
        entity is AuditEntry or Ledger.LedgerEntry or Ledger.LedgerTransaction or Ledger.LedgerAccount
            or Mail.OutboxMail or Jobs.JobRun or Payments.ProviderEvent;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Capture(eventData.Context, begin: db => db.BeginTransaction());
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Capture(eventData.Context, begin: null) is { OwnsTransaction: true } audit)
        {
            audit.Transaction = await eventData.Context!.Database.BeginTransactionAsync(cancellationToken);
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context && pending.TryGetValue(context, out var audit))
        {
            pending.Remove(context);
            var entries = audit.ToEntries().ToList();
            context.Set<AuditEntry>().AddRange(entries);
            try
            {
                context.SaveChanges();
                audit.Transaction?.Commit();
            }
            catch
            {
                // The trail could not be written: roll the change back with it (never leave the transaction open on the
                // context, where it would swallow later saves) and drop the unsaved trail from the change tracker.
                Forget(context, entries);
                throw;
            }
            finally
            {
                audit.Transaction?.Dispose();
            }
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && pending.TryGetValue(context, out var audit))
        {
            pending.Remove(context);
            var entries = audit.ToEntries().ToList();
            context.Set<AuditEntry>().AddRange(entries);
            try
            {
                await context.SaveChangesAsync(cancellationToken);
                if (audit.Transaction is { } transaction)
                {
                    await transaction.CommitAsync(cancellationToken);
                }
            }
            catch
            {
                // The trail could not be written: roll the change back with it (never leave the transaction open on the
                // context, where it would swallow later saves) and drop the unsaved trail from the change tracker.
                Forget(context, entries);
                throw;
            }
            finally
            {
                if (audit.Transaction is { } transaction)
                {
                    await transaction.DisposeAsync();
                }
            }
        }

        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Abandon(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Abandon(eventData.Context);
        return Task.CompletedTask;
    }

    private PendingAudit? Capture(DbContext? context, Func<DatabaseFacade, IDbContextTransaction>? begin)
    {
        var userId = currentUser.UserId;
        if (context is null || string.IsNullOrEmpty(userId) || pending.TryGetValue(context, out _))
        {
            return null;
        }

        context.ChangeTracker.DetectChanges();
        var changes = context.ChangeTracker.Entries()
            .Where(e => !IsOwnRecord(e.Entity) && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => new PendingChange(e, ToAction(e.State), ChangedFields(e)))
            .ToList();
        if (changes.Count == 0)
        {
            return null;
        }

        var audit = new PendingAudit(userId, clock.GetUtcNow(), changes)
        {
            OwnsTransaction = context.Database.CurrentTransaction is null,
        };
        if (audit.OwnsTransaction && begin is not null)
        {
            audit.Transaction = begin(context.Database);
        }

        pending.Add(context, audit);
        return audit;
    }

    private void Abandon(DbContext? context)
    {
        if (context is not null && pending.TryGetValue(context, out var audit))
        {
            pending.Remove(context);
            audit.Transaction?.Dispose();
        }
    }

    private static void Forget(DbContext context, List<AuditEntry> entries)
    {
        foreach (var entry in entries)
        {
            context.Entry(entry).State = EntityState.Detached;
        }
    }

    private static AuditAction ToAction(EntityState state) => state switch
    {
        EntityState.Added => AuditAction.Added,
        EntityState.Deleted => AuditAction.Deleted,
        _ => AuditAction.Modified,
    };

    /// <summary>What the trail names for an added row of this type: every property but the key, secrets left out.</summary>
    internal static string AddedFields(IEntityType type) =>
        string.Join(",", type.GetProperties().Where(p => !p.IsPrimaryKey()).Select(p => p.Name).Where(n => !SecretProperties.Contains(n)));

    private static string ChangedFields(EntityEntry entry)
    {
        var changed = entry.State switch
        {
            EntityState.Modified => entry.Properties.Where(p => p.IsModified),
            EntityState.Added => entry.Properties.Where(p => !p.Metadata.IsPrimaryKey()),
            _ => [],
        };
        return string.Join(",", changed.Select(p => p.Metadata.Name).Where(n => !SecretProperties.Contains(n)));
    }

    private sealed record PendingChange(EntityEntry Entry, AuditAction Action, string ChangedFields);

    private sealed class PendingAudit(string userId, DateTimeOffset at, List<PendingChange> changes)
    {
        public bool OwnsTransaction { get; init; }
        public IDbContextTransaction? Transaction { get; set; }

        // Read after the save, when generated keys are known.
        public IEnumerable<AuditEntry> ToEntries() => changes.Select(c => new AuditEntry
        {
            At = at,
            UserId = userId,
            Entity = c.Entry.Metadata.ClrType.Name,
            Key = string.Join("/", c.Entry.Metadata.FindPrimaryKey()?.Properties
                .Select(p => c.Entry.Property(p.Name).CurrentValue?.ToString() ?? "?") ?? []),
            Action = c.Action,
            ChangedFields = c.ChangedFields,
        });
    }
}
