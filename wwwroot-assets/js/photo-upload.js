// The herder's photo form, enhanced: check the chosen photos before a byte is sent (a 40 MB file on one bar of signal
// is minutes lost), send the same multipart form with XMLHttpRequest to show progress, and on a dropped connection say
// so and let the herder send again (the form keeps its idempotency key, so a resend never records twice).
// Without this script the form is a plain POST and works the same, only without the progress bar.
(() => {
    'use strict';

    // With the script running, the file inputs hide behind their big labels (the chosen count shows instead). Blazor's
    // enhanced navigation patches the <html> element back to the server's markup, so mark it again after each one.
    const mark = () => document.documentElement.classList.add('photo-script');
    mark();
    if (window.Blazor && typeof window.Blazor.addEventListener === 'function') {
        window.Blazor.addEventListener('enhancedload', mark);
    }

    const selector = 'form[data-photo-upload]';
    const format = (text, values) => (text || '').replace(/\{(\w+)\}/g, (match, key) => (key in values ? values[key] : match));
    const chosenFiles = form => [...form.querySelectorAll('input[type=file]')].flatMap(input => [...input.files]);

    function problemWith(form, files) {
        const maxBytes = Number(form.dataset.maxBytes);
        if (files.length === 0) {
            return form.dataset.textNone;
        }
        if (files.length > Number(form.dataset.maxFiles)) {
            return form.dataset.textTooMany;
        }
        const tooLarge = files.filter(file => file.size > maxBytes);
        return tooLarge.length ? tooLarge.map(file => format(form.dataset.textTooLarge, { name: file.name })).join(' ') : null;
    }

    function showError(form, message) {
        const box = form.querySelector('[data-photo-error]');
        if (box) {
            box.textContent = message || '';
            box.hidden = !message;
        }
    }

    function showProgress(form, percent, text) {
        const progress = form.querySelector('[data-photo-progress]');
        if (!progress) {
            return;
        }
        progress.hidden = percent === null;
        progress.querySelector('progress').value = percent || 0;
        progress.querySelector('[data-photo-progress-text]').textContent = text || '';
    }

    function go(location) {
        if (window.Blazor && typeof window.Blazor.navigateTo === 'function') {
            window.Blazor.navigateTo(location);
            if (!location.includes('#')) {
                // Same page, new query: start at the top, where the new weight and the saved message are.
                window.scrollTo(0, 0);
            }
        } else {
            window.location.assign(location);
        }
    }

    function send(form) {
        const button = form.querySelector('button[type=submit]');
        const request = new XMLHttpRequest();
        const stop = message => {
            showProgress(form, null);
            showError(form, message);
            if (button) {
                button.disabled = false;
            }
        };

        request.open('POST', form.action);
        request.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
        request.upload.onprogress = event => {
            if (event.lengthComputable) {
                const percent = Math.round((event.loaded * 100) / event.total);
                showProgress(form, percent, percent < 100 ? format(form.dataset.textSending, { 0: percent }) : form.dataset.textProcessing);
            }
        };
        request.onload = () => {
            let location = null;
            try {
                location = request.status === 200 ? JSON.parse(request.responseText).location : null;
            } catch {
                location = null;
            }
            if (location) {
                showProgress(form, 100, form.dataset.textProcessing);
                go(location);
            } else {
                stop(format(form.dataset.textFailed, { 0: request.status }));
            }
        };
        request.onerror = () => stop(form.dataset.textOffline);
        request.ontimeout = request.onerror;
        request.onabort = request.onerror;

        showError(form, null);
        showProgress(form, 0, format(form.dataset.textSending, { 0: 0 }));
        if (button) {
            button.disabled = true;
        }
        request.send(new FormData(form));
    }

    document.addEventListener('change', event => {
        const input = event.target;
        const form = input instanceof HTMLInputElement && input.type === 'file' ? input.closest(selector) : null;
        if (!form) {
            return;
        }
        input.closest('.photo-pick')?.classList.toggle('chosen', input.files.length > 0);
        const files = chosenFiles(form);
        const hint = form.querySelector('[data-photo-chosen]');
        if (hint && files.length) {
            hint.textContent = format(files.length === 1 ? form.dataset.textChosenOne : form.dataset.textChosen, { 0: files.length });
        }
        showError(form, files.length ? problemWith(form, files) : null);
    });

    document.addEventListener('submit', event => {
        const form = event.target instanceof HTMLFormElement && event.target.matches(selector) ? event.target : null;
        if (!form || !window.FormData) {
            return;
        }
        event.preventDefault();
        const problem = problemWith(form, chosenFiles(form));
        if (problem) {
            showError(form, problem);
        } else {
            send(form);
        }
    });
})();
