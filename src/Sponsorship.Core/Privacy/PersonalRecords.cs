using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Privacy;

/// <summary>
/// Which records are a person's: one definition, used by the export (what they get a copy of) and the deletion (what is
/// erased or settled), so the two can never disagree.
/// </summary>
public static class PersonalRecords
{
    /// <summary>
    /// The adoptions the person holds: their own, gifts they received, and gifts they bought that nobody has claimed.
    /// An organisation's order is not the member's who placed it: its sheep nobody has claimed as a gift, its payments
    /// and its certificate names stay the organisation's (<see cref="Adoption.HasPersonalSponsor"/>).
    /// </summary>
    public static IQueryable<Adoption> Held(SponsorshipDbContext db, string userId) =>
        db.Adoptions.Where(a => a.SponsorUserId == userId).Where(Adoption.HasPersonalSponsor);

    /// <summary>Gifts the person paid for, claimed or not.</summary>
    public static IQueryable<Adoption> GiftsSent(SponsorshipDbContext db, string userId) =>
        db.Adoptions.Where(a => a.BuyerUserId == userId && a.GiftRecipientEmail != null && a.OrganisationOrderId == null);

    /// <summary>Gifts someone else paid for and the person claimed.</summary>
    public static IQueryable<Adoption> GiftsReceived(SponsorshipDbContext db, string userId) =>
        db.Adoptions.Where(a => a.SponsorUserId == userId && a.BuyerUserId != userId);

    /// <summary>Gifts the person bought that are still in flight: not claimed, not closed.</summary>
    public static IQueryable<Adoption> GiftsInFlight(SponsorshipDbContext db, string userId) =>
        db.Adoptions.Where(a => a.BuyerUserId == userId && a.SponsorUserId == userId && a.GiftRecipientEmail != null
            && a.GiftClaimedAt == null && a.Status == AdoptionStatus.Active && a.OrganisationOrderId == null);

    /// <summary>
    /// What the person paid: the first term of what they bought, the renewals of what they hold and their visits (an
    /// organisation's payments, and their shares per adoption, are the organisation's).
    /// </summary>
    public static IQueryable<Payment> Payments(SponsorshipDbContext db, string userId) =>
        db.Payments.Where(p => p.OrganisationOrderId == null
            && ((p.AdoptionId != null
                    && ((p.Purpose == PaymentPurpose.Adoption && p.Adoption!.BuyerUserId == userId)
                        || (p.Purpose == PaymentPurpose.Renewal && p.Adoption!.SponsorUserId == userId)))
                || (p.Purpose == PaymentPurpose.Visit && p.VisitBooking!.SponsorUserId == userId)));

    /// <summary>Mail to the person: queued for their account, or to their address before it had one.</summary>
    public static IQueryable<OutboxMail> Mails(SponsorshipDbContext db, string userId, string? email) =>
        string.IsNullOrEmpty(email)
            ? db.OutboxMails.Where(m => m.RecipientUserId == userId)
            : db.OutboxMails.Where(m => m.RecipientUserId == userId || m.ToEmail == email);

    /// <summary>Audit entries about the person's own account: its row, its roles and its tokens (by the (Entity, Key) index).</summary>
    public static IQueryable<AuditEntry> AuditAboutAccount(SponsorshipDbContext db, string userId)
    {
        var account = typeof(Identity.ApplicationUser).Name;
        var role = typeof(Microsoft.AspNetCore.Identity.IdentityUserRole<string>).Name;
        var token = typeof(Microsoft.AspNetCore.Identity.IdentityUserToken<string>).Name;
        var prefix = userId + "/";
        return db.AuditEntries.Where(e => (e.Entity == account && e.Key == userId)
            || ((e.Entity == role || e.Entity == token) && e.Key.StartsWith(prefix)));
    }
}
