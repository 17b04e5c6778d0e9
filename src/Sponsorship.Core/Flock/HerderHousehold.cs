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

    /// <summary>
    /// The payout account number, encrypted (<see cref="Privacy.AccountNumberProtector"/>); empty while none is on file.
    /// Only a payout line frozen from it is ever opened in full (the approval and the bank file).
    /// </summary>
    public string PayoutAccountEncrypted { get; set; } = "";

    /// <summary>The account number's last four digits, for the masked form shown everywhere else.</summary>
    public string PayoutAccountLast4 { get; set; } = "";

    /// <summary>The name the payout account is held in (the payee on the bank file).</summary>
    public string PayoutAccountHolder { get; set; } = "";

    /// <summary>The bank and branch of the payout account.</summary>
    public string PayoutBank { get; set; } = "";

    /// <summary>Trusted households' logs are visible to sponsors without an admin's review.</summary>
    public bool Trusted { get; set; }

    public DateTimeOffset? ArchivedAt { get; set; }

    public string DisplayName(bool chinese) => chinese ? $"{HeadName}家" : $"{HeadNameLatin} household";

    /// <summary>Puts an encrypted account on file (or clears it with <see cref="Privacy.ProtectedAccountNumber.None"/>).</summary>
    public void SetPayoutAccount(Privacy.ProtectedAccountNumber account)
    {
        ArgumentNullException.ThrowIfNull(account);
        PayoutAccountEncrypted = account.Encrypted;
        PayoutAccountLast4 = account.Last4;
    }
}

public class HerderHouseholdConfiguration : IEntityTypeConfiguration<HerderHousehold>
{
    public void Configure(EntityTypeBuilder<HerderHousehold> builder)
    {
        builder.Property(h => h.HeadName).HasMaxLength(64);
        builder.Property(h => h.HeadNameLatin).HasMaxLength(64);
        builder.Property(h => h.Phone).HasMaxLength(32);
        builder.Property(h => h.PayoutAccountEncrypted).HasMaxLength(Privacy.AccountNumberProtector.MaxStoredLength);
        builder.Property(h => h.PayoutAccountLast4).HasMaxLength(4);
        builder.Property(h => h.PayoutAccountHolder).HasMaxLength(PayoutAccounts.MaxHolderLength);
        builder.Property(h => h.PayoutBank).HasMaxLength(PayoutAccounts.MaxBankLength);
        builder.HasOne(h => h.Village).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}
