using System.Net;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Payments;
using static Sponsorship.Web.Tests.Security.Expect;
using static Sponsorship.Web.Tests.Security.Outcome;

namespace Sponsorship.Web.Tests.Security;

/// <summary>
/// One row per route the app maps and per method it answers: the address to ask (route values from the fixtures of
/// sponsor A and herder A) and what each principal must get. A POST is sent with the principal's own antiforgery token;
/// to a page it names a form no page has (<see cref="ProbeForm"/>), so a principal who gets through authorization and
/// the page's own checks is told 400 and nothing runs; endpoints get a real body. A new route without a row here
/// fails <see cref="RouteMatrixTests"/>.
/// </summary>
public static class RouteMatrix
{
    public const string ProbeForm = "route-matrix-probe";

    public static readonly IReadOnlyList<Route> Routes =
    [
        // Public pages.
        .. Page("/", "/", Everyone(Ok("hero-title"))),
        .. Page("/sheep", "/sheep", Everyone(Ok("data-testid=\"catalogue"))),
        .. Page("/sheep/{EarTag}", f => $"/sheep/{f.EarTag}", Everyone(Ok(f => f.SheepName))),
        .. Page("/impact", "/impact", Everyone(Ok("data-testid=\"impact-sheep\""))),
        .. Page("/verify/{Serial}", f => $"/verify/{f.CertificateSerial}?c={f.CertificateCode}", Everyone(Ok("data-status=\"valid\""))),
        .. Page("/pay/sandbox/{Reference}", f => $"/pay/sandbox/{f.PendingSandboxReference}", OwnerOnly(Ok(f => f.PendingSandboxReference))),
        .. Page("/mail/unsubscribe", f => $"/mail/unsubscribe?t={f.UnsubscribeToken}", Everyone(Ok("unsubscribe-confirm"))),
        .. Page("/not-found", "/not-found", Everyone(Code(HttpStatusCode.OK))),
        .. Page("/Error", "/Error", Everyone(Code(HttpStatusCode.OK))),
        .. Page("/privacy", "/privacy", Everyone(Ok("privacy-page"))),

        // Sponsors: their own adoptions, payments, certificates and mail.
        .. Page("/my", "/my", Sponsors(Ok(f => f.SheepName), Ok("data-testid=\"my-sheep-title\""))),
        .. Page("/my/adoptions/{Id:int}", f => $"/my/adoptions/{f.AdoptionId}", Sponsors(Ok(f => f.SheepName), NotFound)),
        .. Page("/my/adoptions/{AdoptionId:int}/money", f => $"/my/adoptions/{f.AdoptionId}/money", OwnerOnly(Ok("data-testid=\"money-trail\""))),
        .. Page("/my/adoptions/{Id:int}/visit", f => $"/my/adoptions/{f.AdoptionId}/visit", Sponsors(Ok("data-testid=\"visit-page\""), NotFound)),
        Post("/my/adoptions/{adoptionId:int}/visits/{id:int}/cancel", f => $"/my/adoptions/{f.AdoptionId}/visits/0/cancel",
            SignedIn(Redirect(f => $"/my/adoptions/{f.AdoptionId}/visit?cancelled=0"))),
        Post("/my/adoptions/{adoptionId:int}/visits/{id:int}/pay", f => $"/my/adoptions/{f.AdoptionId}/visits/0/pay", SignedIn(NotFound))
            with { Form = _ => new() { ["provider"] = "sandbox", ["key"] = Guid.NewGuid().ToString("N") } },
        .. Page("/my/adoptions/{Id:int}/replace", f => $"/my/adoptions/{f.ReplaceAdoptionId}/replace", OwnerOnly(Ok("data-testid=\"replace-candidate\""))),
        .. Page("/my/payments/{Reference}/bank-transfer", f => $"/my/payments/{f.BankReference}/bank-transfer", OwnerOnly(Ok(f => f.BankReference))),
        .. Page("/my/mail", "/my/mail", SignedIn(Ok("data-testid=\"monthly-digest\""))),
        .. Page("/sheep/{EarTag}/adopt", f => $"/sheep/{f.FreeEarTag}/adopt", Sponsors(Ok(f => f.FreeSheepName), Ok(f => f.FreeSheepName))),
        .. Page("/gifts/claim/{Token}", f => $"/gifts/claim/{f.GiftToken}", SignedIn(Ok(f => f.GiftSheepName))),
        Get("/my/certificates/{serial}.pdf", f => $"/my/certificates/{f.CertificateSerial}.pdf", OwnerOnly(Ok("%PDF-")) with { Admin = Ok("%PDF-") }),
        Post("/my/adoptions/{id:int}/renew", f => $"/my/adoptions/{f.AdoptionId}/renew", OwnerOnly(Redirect(f => $"/my/adoptions/{f.AdoptionId}?renewal=NotRenewable")))
            with { Form = _ => new() { ["provider"] = "sandbox", ["key"] = Guid.NewGuid().ToString("N") }, State = RouteStates.RenewalsOfAsync },

        // WeChat Pay and Alipay: the payment pages, the return page and the status the pages poll are the buyer's alone.
        .. Page("/pay/wechat/{Reference}", f => $"/pay/wechat/{f.WeChatReference}", OwnerOnly(Ok(f => f.WeChatPrepayId))),
        .. Page("/pay/alipay/{Reference}", f => $"/pay/alipay/{f.AlipayReference}", OwnerOnly(Ok(f => f.AlipayReference))),
        .. Page("/my/payments/{Reference}/return", f => $"/my/payments/{f.WeChatReference}/return", OwnerOnly(Ok(f => f.WeChatReference))),
        Get("/my/payments/{reference}/status", f => $"/my/payments/{f.AlipayReference}/status", OwnerOnly(Ok(PendingAnswer))),

        // Organisations: a member (sponsor A is the contact) sees its pages and files, an administrator sees every
        // organisation, anyone else finds nothing; only the contact orders. Anyone signed in may register one, and an
        // invitation's link shows whom it invites to any account (it joins only the invited address's).
        .. Page("/organisations", "/organisations", new Expect(
            SignIn, Ok(f => f.Organisation.Name), NoOrganisation, NoOrganisation, NoOrganisation, NoOrganisation)),
        .. Page("/organisations/register", "/organisations/register", SignedIn(Ok("data-testid=\"org-register-submit\""))),
        .. Page("/organisations/join/{Token}", f => $"/organisations/join/{f.Organisation.JoinToken}", SignedIn(Ok(f => f.Organisation.Name))),
        .. Page("/organisations/{Id:int}", f => $"/organisations/{f.Organisation.Id}", Members(Ok(f => f.Organisation.Name))),
        .. Page("/organisations/{Id:int}/order", f => $"/organisations/{f.Organisation.Id}/order", OwnerOnly(Ok(f => f.Organisation.Name))),
        .. Page("/organisations/{Id:int}/orders/{OrderId:int}", f => $"/organisations/{f.Organisation.Id}/orders/{f.Organisation.OrderId}",
            Members(Ok(f => f.Organisation.Name))),
        Get("/organisations/{organisationId:int}/orders/{orderId:int}/bundles/{bundleId:int}",
            f => $"/organisations/{f.Organisation.Id}/orders/{f.Organisation.OrderId}/bundles/{f.Organisation.BundleId}", Members(Ok("%PDF-"))),
        Get("/organisations/{organisationId:int}/certificates/{serial}.pdf",
            f => $"/organisations/{f.Organisation.Id}/certificates/{f.Organisation.CertificateSerial}.pdf", Members(Ok("%PDF-"))),
        Get("/organisations/{organisationId:int}/statements/{serial}.pdf",
            f => $"/organisations/{f.Organisation.Id}/statements/{f.Organisation.StatementSerial}.pdf", Members(Ok("%PDF-"))),

        // Herders: their own household's flock and earnings.
        .. Page("/herder", "/herder", Herders(Ok(f => f.HouseholdName), Ok("其木格"))),
        .. Page("/herder/find", "/herder/find", Herders(Code(HttpStatusCode.OK), Code(HttpStatusCode.OK))),
        .. Page("/herder/earnings", "/herder/earnings", Herders(Ok(f => f.HouseholdName), Ok("其木格"))),
        .. Page("/herder/visits", "/herder/visits", Herders(Ok("data-testid=\"visit-offer-form\""), Ok("data-testid=\"visit-offer-form\""))),
        Post("/herder/visits/{id:int}/accept", "/herder/visits/0/accept", Herders(Redirect("/herder/visits?answered=Failed"), Redirect("/herder/visits?answered=Failed"))),
        Post("/herder/visits/{id:int}/decline", "/herder/visits/0/decline", Herders(Redirect("/herder/visits?answered=Failed"), Redirect("/herder/visits?answered=Failed")))
            with { Form = _ => new() { ["reason"] = "那天剪羊毛" } },
        .. Page("/herder/sheep/{SheepId:int}", f => $"/herder/sheep/{f.SheepId}", Herders(Ok(f => f.SheepName), NotFound)),
        Post("/herder/sheep/{sheepId:int}/photos", f => $"/herder/sheep/{f.SheepId}/photos",
                Herders(Redirect(f => $"/herder/sheep/{f.SheepId}?problem=Photos.Required.None%3A#photo", HttpStatusCode.SeeOther), NotFound))
            with { Form = _ => new() { ["key"] = Guid.NewGuid().ToString("N"), ["on"] = "" }, Multipart = true, State = RouteStates.LogsOfSheepAsync },

        // Administrators.
        .. Page("/admin", "/admin", Admins(Ok("data-testid=\"admin-title\""))),
        .. Page("/admin/users", "/admin/users", Admins(Ok("sponsor@example.com"))),
        .. Page("/admin/villages", "/admin/villages", Admins(Code(HttpStatusCode.OK))),
        .. Page("/admin/households", "/admin/households", Admins(Code(HttpStatusCode.OK))),
        .. Page("/admin/sheep", "/admin/sheep", Admins(Code(HttpStatusCode.OK))),
        .. Page("/admin/sheep/import", "/admin/sheep/import", Admins(Code(HttpStatusCode.OK))),
        .. Page("/admin/review", "/admin/review", Admins(Code(HttpStatusCode.OK))),
        .. Page("/admin/plans", "/admin/plans", Admins(Code(HttpStatusCode.OK))),
        .. Page("/admin/adoptions", "/admin/adoptions", Admins(Ok("data-testid=\"adoptions-title\""))),
        .. Page("/admin/payments", "/admin/payments", Admins(Code(HttpStatusCode.OK))),
        .. Page("/admin/fulfilment", "/admin/fulfilment", Admins(Code(HttpStatusCode.OK))),
        .. Page("/admin/ledger", "/admin/ledger", Admins(Ok("data-intact=\"true\""))),
        .. Page("/admin/split-rules", "/admin/split-rules", Admins(Code(HttpStatusCode.OK))),
        .. Page("/admin/payouts", "/admin/payouts", Admins(Ok(f => f.PayoutBatchReference))),
        .. Page("/admin/payouts/{BatchId:int}", f => $"/admin/payouts/{f.PayoutBatchId}", Admins(Ok(f => f.PayoutBatchReference))),
        .. Page("/admin/payouts/reconciliation", "/admin/payouts/reconciliation", Admins(Code(HttpStatusCode.OK))),
        .. Page("/admin/mail", "/admin/mail", Admins(Ok(f => f.MailId))),
        .. Page("/admin/mail/{Id}", f => $"/admin/mail/{f.MailId}", Admins(Ok(f => WebUtility.HtmlEncode(f.MailSubject)))),
        Get("/admin/mail/{id}/html", f => $"/admin/mail/{f.MailId}/html", Admins(Ok(f => f.SheepName))),
        Get("/admin/mail/{id}/attachments/{index:int}", f => $"/admin/mail/{f.MailId}/attachments/0", Admins(Ok("%PDF-"))),
        Get("/admin/payouts/{batchId:int}/bank-file", f => $"/admin/payouts/{f.PayoutBatchId}/bank-file", Admins(NotFound)),
        Get("/admin/payouts/{batchId:int}/lines.csv", f => $"/admin/payouts/{f.PayoutBatchId}/lines.csv", Admins(Ok(f => f.PayoutBatchReference))),
        Get("/admin/payments/payments.csv", "/admin/payments/payments.csv", Admins(Code(HttpStatusCode.OK))),
        Get("/admin/ledger/entries.csv", "/admin/ledger/entries.csv", Admins(Code(HttpStatusCode.OK))),
        .. Page("/admin/organisations", "/admin/organisations", Admins(Ok(f => f.Organisation.PendingName))),
        .. Page("/admin/jobs", "/admin/jobs", Admins(Ok("data-testid=\"job-gateway-orders\""))),
        .. Page("/admin/audit", "/admin/audit", Admins(Ok("data-testid=\"audit-title\""))),
        .. Page("/admin/visits", "/admin/visits", Admins(Ok("data-testid=\"admin-visits-title\""))),
        .. Page("/admin/search", f => $"/admin/search?q={f.EarTag[^6..]}", Admins(Ok(f => f.SheepName))),

        // Accounts.
        .. Page("/Account/Login", "/Account/Login", Everyone(Ok("data-testid=\"login-submit\""))),
        .. Page("/Account/Register", "/Account/Register", Everyone(Code(HttpStatusCode.OK))),
        .. Page("/Account/AccessDenied", "/Account/AccessDenied", Everyone(Code(HttpStatusCode.OK))),
        .. Page("/Account/ConfirmEmail", "/Account/ConfirmEmail", Everyone(Redirect("/"))),
        .. Page("/Account/ConfirmEmailChange", "/Account/ConfirmEmailChange", Everyone(Redirect("/Account/Login"))),
        .. Page("/Account/ForgotPassword", "/Account/ForgotPassword", Everyone(Code(HttpStatusCode.OK))),
        .. Page("/Account/ForgotPasswordConfirmation", "/Account/ForgotPasswordConfirmation", Everyone(Code(HttpStatusCode.OK))),
        .. Page("/Account/InvalidPasswordReset", "/Account/InvalidPasswordReset", Everyone(Code(HttpStatusCode.OK))),
        .. Page("/Account/InvalidUser", "/Account/InvalidUser", Everyone(Code(HttpStatusCode.OK))),
        .. Page("/Account/Lockout", "/Account/Lockout", Everyone(Code(HttpStatusCode.OK))),
        .. Page("/Account/LoginWith2fa", "/Account/LoginWith2fa", Everyone(Redirect("/Account/Login"))),
        .. Page("/Account/LoginWithRecoveryCode", "/Account/LoginWithRecoveryCode", Everyone(Redirect("/Account/Login"))),
        .. Page("/Account/RegisterConfirmation", "/Account/RegisterConfirmation", Everyone(Code(HttpStatusCode.OK))),
        .. Page("/Account/ResendEmailConfirmation", "/Account/ResendEmailConfirmation", Everyone(Code(HttpStatusCode.OK))),
        .. Page("/Account/ResetPassword", "/Account/ResetPassword", Everyone(Redirect("/Account/InvalidPasswordReset"))),
        .. Page("/Account/ResetPasswordConfirmation", "/Account/ResetPasswordConfirmation", Everyone(Code(HttpStatusCode.OK))),
        .. Page("/Account/Manage", "/Account/Manage", OwnAccount()),
        .. Page("/Account/Manage/ChangePassword", "/Account/Manage/ChangePassword", SignedIn(Code(HttpStatusCode.OK))),
        .. Page("/Account/Manage/DeletePersonalData", "/Account/Manage/DeletePersonalData", SignedIn(Code(HttpStatusCode.OK))),
        .. Page("/Account/Manage/Disable2fa", "/Account/Manage/Disable2fa", SignedIn(Redirect("/Account/Manage/TwoFactorAuthentication"))),
        .. Page("/Account/Manage/Email", "/Account/Manage/Email", OwnAccount()),
        .. Page("/Account/Manage/EnableAuthenticator", "/Account/Manage/EnableAuthenticator", SignedIn(Code(HttpStatusCode.OK))),
        .. Page("/Account/Manage/GenerateRecoveryCodes", "/Account/Manage/GenerateRecoveryCodes", SignedIn(Redirect("/Account/Manage/TwoFactorAuthentication"))),
        .. Page("/Account/Manage/PersonalData", "/Account/Manage/PersonalData", SignedIn(Code(HttpStatusCode.OK))),
        .. Page("/Account/Manage/ResetAuthenticator", "/Account/Manage/ResetAuthenticator", SignedIn(Code(HttpStatusCode.OK))),
        .. Page("/Account/Manage/TwoFactorAuthentication", "/Account/Manage/TwoFactorAuthentication", SignedIn(Code(HttpStatusCode.OK))),
        .. Page("/Account/PrivacyConsent", "/Account/PrivacyConsent", SignedIn(Ok("data-testid=\"privacy-consent-submit\""))),
        .. Page("/Account/Deleted", "/Account/Deleted", Everyone(Ok("data-testid=\"account-deleted\""))),
        Post("/Account/Logout", "/Account/Logout", Everyone(Redirect("/"))) with { Form = _ => new() { ["returnUrl"] = "/" }, OwnClient = true },
        Post("/Account/Manage/DownloadPersonalData", "/Account/Manage/DownloadPersonalData", OwnAccount()) with { Form = _ => [] },

        // Endpoints for machines and links in mail.
        Get("/healthz", "/healthz", Everyone(Ok("Healthy"))) with { Method = "*" },
        Get("/healthz/ready", "/healthz/ready", Everyone(Ok("Healthy"))) with { Method = "*" },
        Get("/language", "/language?culture=en&returnUrl=%2Fsheep", Everyone(Redirect("/sheep"))),
        Get("/media/photos/{photoId:long}/{size}", f => $"/media/photos/{f.PhotoId}/thumb", Everyone(Code(HttpStatusCode.OK))),
        Get("/mail/unsubscribe/one-click", f => $"/mail/unsubscribe/one-click?t={f.UnsubscribeToken}",
            Everyone(Redirect(f => $"/mail/unsubscribe?t={Uri.EscapeDataString(f.UnsubscribeToken)}"))),
        Post("/mail/unsubscribe/one-click", f => $"/mail/unsubscribe/one-click?t={f.UnsubscribeToken}", Everyone(Code(HttpStatusCode.OK)))
            with { Form = _ => new() { ["List-Unsubscribe"] = "One-Click" }, WithoutToken = true },
        Post("/webhooks/payments/{provider}", "/webhooks/payments/sandbox", Everyone(BadRequest))
            with { Json = f => $$"""{"id":"evt_matrix","type":"payment.captured","reference":"{{f.PendingSandboxReference}}","amount":180000,"currency":"CNY"}""",
                State = RouteStates.PendingSandboxPaymentAsync },
        // The sandbox stands in for a provider's payment page, which only the buyer may use: each case pays a payment of
        // its own.
        Post("/pay/sandbox/{reference}", f => $"/pay/sandbox/{f.PendingSandboxReference}", OwnerOnly(Redirect(f => $"/my/adoptions/{f.PendingSandboxAdoptionId}?paid=1")))
            with { Form = _ => new() { ["decision"] = "pay" }, Fresh = RouteStates.WithNewPendingSandboxPaymentAsync },

        // Development only: the WeChat Pay and Alipay emulators. Their APIs answer only calls signed with the app's keys,
        // whoever sends them; their phone and cashier pages, and the payer's Pay, are the buyer's alone (each case that
        // pays has a payment of its own).
        Get("/dev/wechatpay/v3/{**rest}", f => $"/dev/wechatpay/v3/pay/transactions/out-trade-no/{f.WeChatReference}?mchid={GatewayEmulatorKeys.MerchantId}",
            Everyone(Code(HttpStatusCode.Unauthorized))),
        Post("/dev/wechatpay/v3/{**rest}", f => $"/dev/wechatpay/v3/pay/transactions/out-trade-no/{f.WeChatReference}/close", Everyone(Code(HttpStatusCode.Unauthorized)))
            with { Json = _ => $$"""{"mchid":"{{GatewayEmulatorKeys.MerchantId}}"}""", State = RouteStates.WeChatPaymentAsync },
        .. Page("/dev/wechatpay/scan/{PrepayId}", f => $"/dev/wechatpay/scan/{f.WeChatPrepayId}", OwnerOnly(Ok(f => f.WeChatSheepName))),
        .. Page("/dev/wechatpay/h5", f => $"/dev/wechatpay/h5?prepay_id={f.WeChatPrepayId}", OwnerOnly(Ok(f => f.WeChatSheepName))),
        Post("/dev/wechatpay/pay/{prepayId}", f => $"/dev/wechatpay/pay/{f.WeChatPrepayId}", OwnerOnly(Redirect(f => $"/dev/wechatpay/scan/{f.WeChatPrepayId}?done=paid")))
            with { Form = _ => new() { ["decision"] = "pay" }, Fresh = RouteStates.WithNewWeChatPaymentAsync, State = RouteStates.WeChatPaymentAsync },
        Get("/dev/alipay/gateway.do", f => $"/dev/alipay/gateway.do?{UnsignedAlipayQuery(f)}", Everyone(Ok("isv.invalid-signature"))),
        Post("/dev/alipay/gateway.do", "/dev/alipay/gateway.do", Everyone(BadRequest))
            with { Form = ForgedCashierForm, WithoutToken = true, State = RouteStates.AlipayPaymentAsync },
        .. Page("/dev/alipay/cashier/{TradeNo}", f => $"/dev/alipay/cashier/{f.AlipayTradeNo}", OwnerOnly(Ok(f => f.AlipaySheepName))),
        Get("/dev/alipay/cashier/{tradeNo}/state", f => $"/dev/alipay/cashier/{f.AlipayTradeNo}/state", OwnerOnly(Ok(PendingAnswer))),
        Post("/dev/alipay/cashier/{tradeNo}", f => $"/dev/alipay/cashier/{f.AlipayTradeNo}", OwnerOnly(Redirect(f => $"/dev/alipay/cashier/{f.AlipayTradeNo}?scan=1&done=paid")))
            with { Form = _ => new() { ["decision"] = "pay", ["scan"] = "1" }, Fresh = RouteStates.WithNewAlipayPaymentAsync, State = RouteStates.AlipayPaymentAsync },
    ];

    /// <summary>What the payment pages' status check answers while a payment waits.</summary>
    private const string PendingAnswer = """{"status":"pending","next":null}""";

    /// <summary>The organisations page of someone who belongs to none: the way to register one, and not sponsor A's.</summary>
    private static Outcome NoOrganisation => Ok("data-testid=\"org-register-link\"").Without(f => f.Organisation.Name);

    /// <summary>An organisation's own things: its members (sponsor A) and administrators; others get 404.</summary>
    private static Expect Members(Outcome member) => OwnerOnly(member) with { Admin = member };

    /// <summary>An Alipay query for sponsor A's trade with the app's id but no signature.</summary>
    private static string UnsignedAlipayQuery(RouteFixtures f) =>
        $"method=alipay.trade.query&app_id={GatewayEmulatorKeys.AlipayAppId}&charset=utf-8&version=1.0&biz_content="
        + Uri.EscapeDataString($$"""{"out_trade_no":"{{f.AlipayReference}}"}""");

    /// <summary>A page.pay form for sponsor A's trade, unsigned, that would send its notifications elsewhere.</summary>
    private static Dictionary<string, string> ForgedCashierForm(RouteFixtures f) => new()
    {
        ["method"] = "alipay.trade.page.pay",
        ["app_id"] = GatewayEmulatorKeys.AlipayAppId,
        ["charset"] = "utf-8",
        ["version"] = "1.0",
        ["notify_url"] = "https://attacker.example/notify",
        ["return_url"] = "https://attacker.example/return",
        ["biz_content"] = $$"""{"out_trade_no":"{{f.AlipayReference}}","total_amount":"0.01","subject":"x","product_code":"FAST_INSTANT_TRADE_PAY"}""",
    };

    /// <summary>The principal's own account: each signed-in principal sees their own email, anonymous signs in.</summary>
    private static Expect OwnAccount() => new(
        SignIn, Ok(DemoAccounts.Sponsor.Email), Ok(DemoAccounts.SecondSponsor.Email),
        Ok(DemoAccounts.Herder.Email), Ok(DemoAccounts.SecondHerder.Email),
        Ok(DemoAccounts.Admin.Email));

    private static Route Get(string pattern, string path, Expect expect) => new("GET", pattern, _ => path, expect);

    private static Route Get(string pattern, Func<RouteFixtures, string> path, Expect expect) => new("GET", pattern, path, expect);

    private static Route Post(string pattern, string path, Expect expect) => new("POST", pattern, _ => path, expect);

    private static Route Post(string pattern, Func<RouteFixtures, string> path, Expect expect) => new("POST", pattern, path, expect);

    /// <summary>
    /// A Razor page: its GET, and its POST naming the probe form. The POST meets the same authorization as the GET;
    /// whoever gets past it is told that no form has that name (400), before or instead of the page's own checks, and
    /// nothing runs.
    /// </summary>
    private static Route[] Page(string pattern, string path, Expect get) => Page(pattern, _ => path, get);

    private static Route[] Page(string pattern, Func<RouteFixtures, string> path, Expect get)
    {
        static Outcome Post(Outcome get) => get is Outcome.SignInFirst or Outcome.AccessDenied ? get : BadRequest;
        var post = new Expect(Post(get.Anonymous), Post(get.SponsorA), Post(get.SponsorB), Post(get.HerderA), Post(get.HerderB), Post(get.Admin));
        return [new("GET", pattern, path, get), new("POST", pattern, path, post) { Form = _ => new() { ["_handler"] = ProbeForm } }];
    }
}

/// <summary>A route and method, how to ask it, and what each principal must get.</summary>
public sealed record Route(string Method, string Pattern, Func<RouteFixtures, string> Path, Expect Expect)
{
    /// <summary>The form fields of a POST (the principal's antiforgery token is added unless <see cref="WithoutToken"/>).</summary>
    public Func<RouteFixtures, Dictionary<string, string>>? Form { get; init; }

    /// <summary>A JSON body instead of a form.</summary>
    public Func<RouteFixtures, string>? Json { get; init; }

    public bool WithoutToken { get; init; }

    /// <summary>Send the form as multipart/form-data (an upload endpoint only matches that).</summary>
    public bool Multipart { get; init; }

    /// <summary>Signs out or otherwise changes the client: use a freshly signed-in one.</summary>
    public bool OwnClient { get; init; }

    /// <summary>What a refused POST must leave unchanged, read before and after (besides the row counts every POST keeps).</summary>
    public Func<RouteMatrixApp, RouteFixtures, Task<string>>? State { get; init; }

    /// <summary>Fixtures of the case's own, for a POST that does what it says when permitted (a payment it uses up).</summary>
    public Func<RouteMatrixApp, Task<RouteFixtures>>? Fresh { get; init; }

    public string Key => $"{Method} {Pattern}";

    /// <summary>The method to send: an endpoint mapped for any method ("*") is asked with GET.</summary>
    public string SendMethod => Method == "*" ? "GET" : Method;

    public override string ToString() => Key;
}
