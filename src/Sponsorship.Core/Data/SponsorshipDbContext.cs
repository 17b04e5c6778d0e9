using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Organisations;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Payouts;
using Sponsorship.Core.Visits;

namespace Sponsorship.Core.Data;

public class SponsorshipDbContext(DbContextOptions<SponsorshipDbContext> options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<Village> Villages => Set<Village>();
    public DbSet<NamedPasture> NamedPastures => Set<NamedPasture>();
    public DbSet<HerderHousehold> Households => Set<HerderHousehold>();
    public DbSet<Sheep> Sheep => Set<Sheep>();
    public DbSet<IdTag> IdTags => Set<IdTag>();
    public DbSet<AnimalLog> AnimalLogs => Set<AnimalLog>();
    public DbSet<SheepPhoto> SheepPhotos => Set<SheepPhoto>();
    public DbSet<AdoptionPlan> AdoptionPlans => Set<AdoptionPlan>();
    public DbSet<Adoption> Adoptions => Set<Adoption>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<ProviderEvent> ProviderEvents => Set<ProviderEvent>();
    public DbSet<Refund> Refunds => Set<Refund>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<SplitRule> SplitRules => Set<SplitRule>();
    public DbSet<LedgerAccount> LedgerAccounts => Set<LedgerAccount>();
    public DbSet<LedgerTransaction> LedgerTransactions => Set<LedgerTransaction>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<PayoutBatch> PayoutBatches => Set<PayoutBatch>();
    public DbSet<PayoutLine> PayoutLines => Set<PayoutLine>();
    public DbSet<BankStatement> BankStatements => Set<BankStatement>();
    public DbSet<BankStatementLine> BankStatementLines => Set<BankStatementLine>();
    public DbSet<OutboxMail> OutboxMails => Set<OutboxMail>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<AdminGrant> AdminGrants => Set<AdminGrant>();
    public DbSet<PayoutAccountChange> PayoutAccountChanges => Set<PayoutAccountChange>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<OrganisationMember> OrganisationMembers => Set<OrganisationMember>();
    public DbSet<OrganisationOrder> OrganisationOrders => Set<OrganisationOrder>();
    public DbSet<InvoiceRequest> InvoiceRequests => Set<InvoiceRequest>();
    public DbSet<AssistanceStatement> AssistanceStatements => Set<AssistanceStatement>();
    public DbSet<CertificateBundle> CertificateBundles => Set<CertificateBundle>();
    public DbSet<Privacy.AccountDeletion> AccountDeletions => Set<Privacy.AccountDeletion>();
    public DbSet<LedgerCheckpoint> LedgerCheckpoints => Set<LedgerCheckpoint>();
    public DbSet<LedgerCheck> LedgerChecks => Set<LedgerCheck>();
    public DbSet<VisitOffer> VisitOffers => Set<VisitOffer>();
    public DbSet<VisitDay> VisitDays => Set<VisitDay>();
    public DbSet<VisitBooking> VisitBookings => Set<VisitBooking>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(SponsorshipDbContext).Assembly);
        builder.Entity<ApplicationUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(128);
            user.Property(u => u.PreferredCulture).HasMaxLength(16);
            user.Property(u => u.DisabledByUserId).HasMaxLength(450);
            user.HasOne<HerderHousehold>().WithMany().HasForeignKey(u => u.HerderHouseholdId).OnDelete(DeleteBehavior.Restrict);
        });
        if (Database.IsNpgsql())
        {
            PostgreSqlModel.QuoteIndexFilters(builder);
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or sort DateTimeOffset text; store UTC instants as sortable integers there.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }

        // PostgreSQL's timestamptz takes UTC instants only: an instant in the programme's zone (+08:00) is written as UTC.
        if (Database.IsNpgsql())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<PostgreSqlModel.UtcInstantConverter>();
        }
    }
}
