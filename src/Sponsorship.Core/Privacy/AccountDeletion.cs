using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Privacy;

/// <summary>
/// That an account's personal data was erased, when, at whose request and by whom — and nothing the person gave. Its
/// <see cref="Id"/> is the number of the anonymous party the books still point at ("已注销的认养人 #12"). One per account:
/// the unique index settles two deletions racing.
/// </summary>
public class AccountDeletion
{
    public int Id { get; set; }
    public string UserId { get; set; } = "";

    /// <summary>The role the account held (Sponsor, Herder, Admin), for the anonymous name.</summary>
    public string Role { get; set; } = "";

    public DeletionBasis Basis { get; set; }

    /// <summary>The person themselves, or the administrator who acted on their written request.</summary>
    public string DeletedByUserId { get; set; } = "";

    /// <summary>The written request's reference (a letter's number, a ticket), as the administrator recorded it.</summary>
    public string? RequestReference { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The name the erased account carries from now on, in both languages (data, not page text).</summary>
    public static string AnonymousName(string role, int number) => role switch
    {
        Roles.Herder => $"已注销的牧民 #{number} · Deleted herder #{number}",
        Roles.Admin => $"已注销的管理员 #{number} · Deleted administrator #{number}",
        _ => $"已注销的认养人 #{number} · Deleted sponsor #{number}",
    };
}

public enum DeletionBasis
{
    /// <summary>The person deleted their own account (signed in, with their password).</summary>
    OwnRequest = 1,

    /// <summary>An administrator acted on the person's written request.</summary>
    WrittenRequest = 2,
}

public class AccountDeletionConfiguration : IEntityTypeConfiguration<AccountDeletion>
{
    public const int MaxReferenceLength = 64;

    public void Configure(EntityTypeBuilder<AccountDeletion> builder)
    {
        builder.Property(d => d.UserId).HasMaxLength(450);
        builder.Property(d => d.Role).HasMaxLength(16);
        builder.Property(d => d.DeletedByUserId).HasMaxLength(450);
        builder.Property(d => d.RequestReference).HasMaxLength(MaxReferenceLength);
        builder.HasIndex(d => d.UserId).IsUnique();
        builder.HasIndex(d => d.At);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}
