using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Flock;

/// <summary>A herder family that raises sponsored sheep and is paid its share.</summary>
public class HerderHousehold
{
    public int Id { get; set; }
    public int VillageId { get; set; }
    public Village Village { get; set; } = null!;

    /// <summary>The head of the household, as written in Chinese characters (巴特尔, 王建国).</summary>
    public string HeadName { get; set; } = "";

    /// <summary>The same name in Latin letters for English readers (Bater, Wang Jianguo).</summary>
    public string HeadNameLatin { get; set; } = "";

    public string Phone { get; set; } = "";

    /// <summary>Bank account number for payouts; shown masked everywhere but the payout approval and the bank file.</summary>
    public string PayoutAccount { get; set; } = "";

    /// <summary>The name the payout account is held in (the payee on the bank file).</summary>
    public string PayoutAccountHolder { get; set; } = "";

    /// <summary>The bank and branch of the payout account.</summary>
    public string PayoutBank { get; set; } = "";

    /// <summary>Trusted households' logs are visible to sponsors without an admin's review.</summary>
    public bool Trusted { get; set; }

    public DateTimeOffset? ArchivedAt { get; set; }

    public string DisplayName(bool chinese) => chinese ? $"{HeadName}家" : $"{HeadNameLatin} household";

    public static string MaskAccount(string account) =>
        account.Length <= 4 ? new string('•', account.Length) : $"•••• {account[^4..]}";
}

public class HerderHouseholdConfiguration : IEntityTypeConfiguration<HerderHousehold>
{
    public void Configure(EntityTypeBuilder<HerderHousehold> builder)
    {
        builder.Property(h => h.HeadName).HasMaxLength(64);
        builder.Property(h => h.HeadNameLatin).HasMaxLength(64);
        builder.Property(h => h.Phone).HasMaxLength(32);
        builder.Property(h => h.PayoutAccount).HasMaxLength(64);
        builder.Property(h => h.PayoutAccountHolder).HasMaxLength(PayoutAccounts.MaxHolderLength);
        builder.Property(h => h.PayoutBank).HasMaxLength(PayoutAccounts.MaxBankLength);
        builder.HasOne(h => h.Village).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}
