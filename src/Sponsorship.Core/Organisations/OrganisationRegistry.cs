using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Organisations;

/// <summary>What the contact types when registering the organisation (and later when changing its invoice details).</summary>
public sealed record OrganisationForm(
    string Name, string CreditCode, string ContactName, string ContactPhone,
    string InvoiceTitle = "", string InvoiceTaxNumber = "", string InvoiceAddress = "", string InvoiceBank = "");

public enum OrganisationFormError
{
    None = 0,
    NameRequired,
    NameTooLong,

    /// <summary>The credit code is wrong; <see cref="OrganisationFormResult.CreditCode"/> says how.</summary>
    CreditCodeInvalid,

    /// <summary>An organisation with this credit code is registered already.</summary>
    CreditCodeTaken,

    ContactNameRequired,
    ContactNameTooLong,
    PhoneInvalid,
    InvoiceTitleTooLong,

    /// <summary>A taxpayer number is 15 to 20 letters and digits (most organisations use their credit code).</summary>
    TaxNumberInvalid,

    InvoiceAddressTooLong,
    InvoiceBankTooLong,
    NotFound,
}

public sealed record OrganisationFormResult(OrganisationFormError Error, int OrganisationId = 0, CreditCodeError CreditCode = CreditCodeError.None)
{
    public bool Succeeded => Error == OrganisationFormError.None;
}

/// <summary>
/// Registers an organisation with its contact as its first member, and lets the contact keep its invoice details up to
/// date. The unique index on the credit code decides a race between two registrations of one organisation.
/// </summary>
public sealed class OrganisationRegistry(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock)
{
    public async Task<OrganisationFormResult> RegisterAsync(OrganisationForm form, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var problem = Check(form);
        if (!problem.Succeeded)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        var code = CreditCode.Normalize(form.CreditCode);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Organisations.AnyAsync(o => o.CreditCode == code, cancellationToken))
        {
            return new OrganisationFormResult(OrganisationFormError.CreditCodeTaken);
        }

        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        if (email is null)
        {
            return new OrganisationFormResult(OrganisationFormError.NotFound);
        }

        var organisation = new Organisation
        {
            Name = form.Name.Trim(),
            CreditCode = code,
            ContactName = form.ContactName.Trim(),
            ContactPhone = form.ContactPhone.Trim(),
            ContactUserId = userId,
            Status = OrganisationStatus.Pending,
            CreatedAt = now,
        };
        SetInvoice(organisation, form);
        db.Organisations.Add(organisation);
        db.OrganisationMembers.Add(new OrganisationMember
        {
            Organisation = organisation,
            Email = email.ToLowerInvariant(),
            UserId = userId,
            Role = MemberRole.Contact,
            InvitedAt = now,
            JoinedAt = now,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return new OrganisationFormResult(OrganisationFormError.CreditCodeTaken);
        }

        return new OrganisationFormResult(OrganisationFormError.None, organisation.Id);
    }

    /// <summary>The contact changes the invoice details; the name and credit code stay as verified.</summary>
    public async Task<OrganisationFormResult> UpdateInvoiceAsync(
        int organisationId, OrganisationForm form, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Id == organisationId, cancellationToken);
        if (organisation is null || !await OrganisationAccess.IsContactAsync(db, organisationId, userId, cancellationToken))
        {
            return new OrganisationFormResult(OrganisationFormError.NotFound);
        }

        var problem = Check(form with { Name = organisation.Name, CreditCode = organisation.CreditCode });
        if (!problem.Succeeded)
        {
            return problem;
        }

        organisation.ContactName = form.ContactName.Trim();
        organisation.ContactPhone = form.ContactPhone.Trim();
        SetInvoice(organisation, form);
        await db.SaveChangesAsync(cancellationToken);
        return new OrganisationFormResult(OrganisationFormError.None, organisation.Id);
    }

    public static OrganisationFormResult Check(OrganisationForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        OrganisationFormResult Fail(OrganisationFormError error) => new(error);
        if (string.IsNullOrWhiteSpace(form.Name))
        {
            return Fail(OrganisationFormError.NameRequired);
        }

        if (form.Name.Trim().Length > 128)
        {
            return Fail(OrganisationFormError.NameTooLong);
        }

        if (CreditCode.Check(form.CreditCode) is not CreditCodeError.None and var codeError)
        {
            return new OrganisationFormResult(OrganisationFormError.CreditCodeInvalid, CreditCode: codeError);
        }

        if (string.IsNullOrWhiteSpace(form.ContactName))
        {
            return Fail(OrganisationFormError.ContactNameRequired);
        }

        if (form.ContactName.Trim().Length > 64)
        {
            return Fail(OrganisationFormError.ContactNameTooLong);
        }

        var phone = form.ContactPhone.Trim();
        if (phone.Count(char.IsAsciiDigit) is < 7 or > 15 || phone.Any(c => !char.IsAsciiDigit(c) && c is not (' ' or '-' or '+' or '(' or ')')))
        {
            return Fail(OrganisationFormError.PhoneInvalid);
        }

        if (form.InvoiceTitle.Trim().Length > 128)
        {
            return Fail(OrganisationFormError.InvoiceTitleTooLong);
        }

        var tax = form.InvoiceTaxNumber.Trim();
        if (tax.Length > 0 && (tax.Length is < 15 or > 20 || !tax.All(char.IsAsciiLetterOrDigit)))
        {
            return Fail(OrganisationFormError.TaxNumberInvalid);
        }

        if (form.InvoiceAddress.Trim().Length > 200)
        {
            return Fail(OrganisationFormError.InvoiceAddressTooLong);
        }

        return form.InvoiceBank.Trim().Length > 200 ? Fail(OrganisationFormError.InvoiceBankTooLong) : new OrganisationFormResult(OrganisationFormError.None);
    }

    /// <summary>Empty title and tax number default to the organisation's name and credit code, as most invoices are made out.</summary>
    private static void SetInvoice(Organisation organisation, OrganisationForm form)
    {
        organisation.InvoiceTitle = form.InvoiceTitle.Trim() is { Length: > 0 } title ? title : organisation.Name;
        organisation.InvoiceTaxNumber = form.InvoiceTaxNumber.Trim() is { Length: > 0 } tax ? tax.ToUpperInvariant() : organisation.CreditCode;
        organisation.InvoiceAddress = form.InvoiceAddress.Trim();
        organisation.InvoiceBank = form.InvoiceBank.Trim();
    }
}
