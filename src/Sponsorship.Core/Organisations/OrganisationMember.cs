using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Organisations;

/// <summary>
/// A person of the organisation: its contact, or someone the contact invited by e-mail who joined with their own
/// account (the invitation is accepted only by the account with that e-mail address).
/// </summary>
public class OrganisationMember
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;

    /// <summary>The address invited, lower case.</summary>
    public string Email { get; set; } = "";

    /// <summary>Set when the invitation is accepted.</summary>
    public string? UserId { get; set; }

    public MemberRole Role { get; set; }
    public DateTimeOffset InvitedAt { get; set; }
    public DateTimeOffset? JoinedAt { get; set; }

    /// <summary>SHA-256 of the invitation link's secret; the secret itself is only in the mail. Cleared once used.</summary>
    public string? InvitationTokenHash { get; set; }
}

public enum MemberRole
{
    /// <summary>Orders, pays, invites, asks for invoices and statements.</summary>
    Contact = 1,

    /// <summary>Sees the organisation's page; receives gifts.</summary>
    Member = 2,
}

public class OrganisationMemberConfiguration : IEntityTypeConfiguration<OrganisationMember>
{
    public void Configure(EntityTypeBuilder<OrganisationMember> builder)
    {
        builder.Property(m => m.Email).HasMaxLength(256);
        builder.Property(m => m.UserId).HasMaxLength(450);
        builder.Property(m => m.InvitationTokenHash).HasMaxLength(64);
        builder.HasIndex(m => new { m.OrganisationId, m.Email }).IsUnique();
        builder.HasIndex(m => m.InvitationTokenHash).IsUnique();
        builder.HasIndex(m => m.UserId);
        builder.HasOne(m => m.Organisation).WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}
