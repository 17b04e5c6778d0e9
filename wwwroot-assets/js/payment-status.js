// The payment pages, enhanced without a circuit: a countdown to the end of the reservation, and a small poll of
// /my/payments/{reference}/status that moves the sponsor on to their adoption as soon as the payment is captured
// (the server asks WeChat Pay or Alipay itself when their notification is late). A signed gateway form marked
// data-auto-submit is posted at once. Without this script the page still works: it has a link to check again.
(() => {
    'use strict';

    const pollMs = 2000;

    function countdown(box) {
        const expires = Number(box.dataset.expires);
        const tick = () => {
            const left = Math.max(0, Math.floor((expires - Date.now()) / 1000));
            box.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
            if (left === 0) {
                box.closest('[data-payment-status]')?.setAttribute('data-expired', 'true');
                return;
            }
            setTimeout(tick, 1000 - (Date.now() % 1000));
        };
        tick();
    }

    function show(box, status) {
        box.dataset.state = status;
        box.querySelectorAll('[data-when]').forEach(part => {
            part.hidden = !part.dataset.when.split(' ').includes(status);
        });
    }

    async function poll(box) {
        try {
            const response = await fetch(box.dataset.statusUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
            if (response.ok) {
                const answer = await response.json();
                show(box, answer.status);
                if (answer.next && (answer.status === 'captured' || answer.status === 'paid')) {
                    window.location.assign(answer.next);
                    return;
                }
                if (answer.status !== 'pending') {
                    return;
                }
            }
        } catch {
            // A dropped connection on a phone: try again on the next tick.
        }
        setTimeout(() => poll(box), pollMs);
    }

    function start() {
        document.querySelectorAll('[data-countdown]:not([data-started])').forEach(box => {
            box.dataset.started = 'true';
            countdown(box);
        });
        document.querySelectorAll('[data-payment-status]:not([data-started])').forEach(box => {
            box.dataset.started = 'true';
            setTimeout(() => poll(box), pollMs);
        });
        document.querySelectorAll('form[data-auto-submit]:not([data-started])').forEach(form => {
            form.dataset.started = 'true';
            form.submit();
        });
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
    if (window.Blazor && typeof window.Blazor.addEventListener === 'function') {
        window.Blazor.addEventListener('enhancedload', start);
    }
})();
