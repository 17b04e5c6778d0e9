namespace Sponsorship.Core.Payments;

/// <summary>What the list of all payments can be ordered by.</summary>
public enum PaymentSort
{
    Created,
    Amount,
    Reference,
}

/// <summary>
/// One page of single adoptions' payments: 1-based <paramref name="Page"/> of <paramref name="Size"/> rows, ordered by
/// <paramref name="Sort"/>; only those in <paramref name="Status"/>, paid through <paramref name="Provider"/>, created
/// on the programme days <paramref name="From"/> to <paramref name="To"/> (both included), and whose reference contains
/// <paramref name="Reference"/>. A filter left null lets everything through.
/// </summary>
public sealed record PaymentQuery(
    int Page = 1, int Size = 25, PaymentSort Sort = PaymentSort.Created, bool Descending = true, PaymentStatus? Status = null,
    string? Provider = null, DateOnly? From = null, DateOnly? To = null, string? Reference = null)
{
    public const int MaxSize = 200;
}

public sealed record PaymentPage(IReadOnlyList<PaymentRow> Rows, int Total);
