using Sponsorship.Core.Jobs;

namespace Sponsorship.Core.Mail;

/// <summary>Wakes the dispatcher early when a change that queued mail has been saved (it also polls).</summary>
public sealed class OutboxSignal : WakeSignal;
