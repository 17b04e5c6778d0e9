using Microsoft.Extensions.Localization;
using Sponsorship.Core.Organisations;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Organisations;

/// <summary>What the registration and details forms edit; turned into the Core form on submit.</summary>
public sealed class OrganisationFormModel
{
    public string Name { get; set; } = "";
    public string CreditCode { get; set; } = "";
    public string ContactName { get; set; } = "";
    public string ContactPhone { get; set; } = "";
    public string InvoiceTitle { get; set; } = "";
    public string InvoiceTaxNumber { get; set; } = "";
    public string InvoiceAddress { get; set; } = "";
    public string InvoiceBank { get; set; } = "";

    public OrganisationForm ToForm() =>
        new(Name, CreditCode, ContactName, ContactPhone, InvoiceTitle, InvoiceTaxNumber, InvoiceAddress, InvoiceBank);

    public static OrganisationFormModel From(OrganisationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new()
        {
            Name = view.Name, CreditCode = view.CreditCode, ContactName = view.ContactName, ContactPhone = view.ContactPhone,
            InvoiceTitle = view.InvoiceTitle, InvoiceTaxNumber = view.InvoiceTaxNumber, InvoiceAddress = view.InvoiceAddress, InvoiceBank = view.InvoiceBank,
        };
    }

    /// <summary>The message for a refused form, naming the field (and for a credit code, what is wrong with it).</summary>
    public static string Message(IStringLocalizer<Strings> l, OrganisationFormResult result)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(result);
        return result.Error == OrganisationFormError.CreditCodeInvalid ? l[$"Org.CreditCode.{result.CreditCode}"] : l[$"Org.Form.{result.Error}"];
    }
}
