// The herder pages as an offline-first app. With no signal, a quick-entry form's post (its idempotency key included,
// photos made at most 1600 px on the phone first) goes into the outbox on this phone instead of the network; the
// outbox panel says so and counts what waits. When the phone is online again (the online event, the next page
// load, the "send now" button, or Background Sync in the service worker) the entries are sent in order and the
// server's answer for each is listed; a refused one can be put back into its form, corrected and saved again.
// A lamb born with no signal can be weighed with no signal too: its weighing waits for the lambing's answer, which
// names the lamb the server created, and is then sent to that lamb.
// Without this script (or a service worker) the forms post as they always did.
import { openOutbox, LAMBING_NOT_RECORDED } from './offline-outbox.js';
import { showDayTexts } from './day-text.js';

const MAX_PHOTO_EDGE = 1600;
const panelSelector = '[data-offline-outbox]';
const formSelector = '.entry-list form';

const panel = () => document.querySelector(panelSelector);
const owner = () => panel()?.dataset.owner || null;
const text = (name, values = {}) => (panel()?.dataset[name] || '').replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
const newKey = () => crypto.randomUUID().replaceAll('-', '');
const localDay = (date = new Date()) =>
    `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

let outbox = null;
let outboxOwner = null;
let notice = null;
let sending = false;

async function currentOutbox() {
    const id = owner();
    if (!id || !('indexedDB' in window)) {
        return null;
    }
    if (outboxOwner !== id) {
        outbox?.close();
        outbox = await openOutbox(id);
        outboxOwner = id;
    }
    return outbox;
}

// A page kept on the phone since yesterday still offers yesterday as "today": move the date fields' default and limit
// to the phone's own day (the server still refuses a day in its future, and the outbox shows that refusal).
function moveDatesToToday() {
    const today = localDay();
    for (const input of document.querySelectorAll(`${formSelector} input[type=date]`)) {
        if (input.max && input.max < today) {
            const wasToday = input.value === input.max;
            input.max = today;
            if (wasToday) {
                input.value = today;
                input.defaultValue = today;
            }
        }
    }
    showDayTexts();
}

async function smaller(file) {
    if (!file.type.startsWith('image/')) {
        return file;
    }
    try {
        const bitmap = await createImageBitmap(file);
        const scale = Math.min(1, MAX_PHOTO_EDGE / Math.max(bitmap.width, bitmap.height));
        const canvas = new OffscreenCanvas(Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
        canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        bitmap.close();
        const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
        return new File([blob], file.name.replace(/\.\w+$/, '') + '.jpg', { type: 'image/jpeg' });
    } catch {
        // Not an image the phone can draw: the server says so when it arrives.
        return file;
    }
}

function label(form, files, sheepName) {
    const sheep = sheepName || document.querySelector('[data-testid=sheep-name]')?.textContent?.trim() || '';
    const kind = form.closest('details')?.querySelector('summary span')?.textContent?.trim() || '';
    // The kilograms a weighing or a shearing carries (the forms' only decimal field).
    const weight = form.querySelector('input[inputmode=decimal]')?.value;
    const kg = document.querySelector('[data-offline-outbox]')?.dataset.textKg || '{0} kg';
    const detail = weight ? ` ${kg.replace('{0}', weight)}` : files.length ? ` ×${files.length}` : '';
    return [sheep, kind + detail].filter(Boolean).join(' · ');
}

async function keepOffline(form) {
    const box = await currentOutbox();
    const url = new URL(form.getAttribute('action') || location.pathname, document.baseURI);
    const lambing = form.dataset.lambOf ? await box.get(Number(form.dataset.lambOf)) : null;
    const chosen = [...form.querySelectorAll('input[type=file]')].flatMap(input => [...input.files].map(file => ({ input, file })));
    const files = [];
    for (const { input, file } of chosen) {
        const photo = await smaller(file);
        files.push({ field: input.name, name: photo.name, type: photo.type, blob: photo });
    }
    const fields = [...new FormData(form)].filter(([, value]) => typeof value === 'string');
    await box.add({
        url: lambing ? null : url.pathname,
        sheepId: lambing ? null : Number(/\/herder\/sheep\/(\d+)/.exec(url.pathname)?.[1]),
        lambOf: lambing?.id ?? null,
        kind: fields.find(([name]) => name === '_handler')?.[1] || 'photo',
        label: label(form, files, lambing && lambName(lambing)),
        fields,
        files,
    });
    stopWeighingLamb(form);

    // The form is ready for the next entry, with a key of its own.
    form.reset();
    form.querySelectorAll('input[name="Model.Key"], input[name=key]').forEach(input => { input.value = newKey(); });
    form.querySelectorAll('.photo-pick.chosen').forEach(pick => pick.classList.remove('chosen'));
    const hint = form.querySelector('[data-photo-chosen]');
    if (hint) {
        hint.textContent = hint.dataset.hint || hint.textContent;
    }
    notice = text('textSaved');
    (await navigator.serviceWorker?.ready.catch(() => null))?.sync?.register('herder-outbox').catch(() => undefined);
    await render();
    panel()?.scrollIntoView({ block: 'start' });
    if (lambing && navigator.onLine) {
        // Signal came back while the herder was weighing: the lambing went or goes first, then this.
        await sendNow();
    }
}

const lambName = lambing => lambing.fields.find(([name]) => name === 'Model.LambName')?.[1]?.trim() || text('textNewLamb');

const weighingForm = () =>
    [...document.querySelectorAll(formSelector)].find(form => form.querySelector('input[name=_handler][value="weighing"]'));

// The weighing form, for the lamb of a lambing still waiting on this phone (the lamb has no page yet).
async function weighLamb(id) {
    const box = await currentOutbox();
    const lambing = await box.get(id);
    const form = weighingForm();
    if (!lambing || lambing.state !== 'waiting') {
        return;
    }
    if (!form || !location.pathname.endsWith(`/herder/sheep/${lambing.sheepId}`)) {
        location.assign(`/herder/sheep/${lambing.sheepId}#lamb-${id}`);
        return;
    }
    form.dataset.lambOf = String(id);
    let target = form.querySelector('[data-offline-lamb]');
    if (!target) {
        target = document.createElement('p');
        target.className = 'offline-lamb';
        target.dataset.offlineLamb = '';
        target.dataset.testid = 'offline-lamb';
        form.prepend(target);
    }
    target.textContent = text('textWeighingLamb', { 0: lambName(lambing) });
    const section = form.closest('details');
    if (section) {
        section.open = true;
    }
    const kg = form.querySelector('[data-testid=weighing-kg]');
    (kg || form).scrollIntoView({ block: 'center' });
    kg?.focus();
}

function stopWeighingLamb(form) {
    delete form.dataset.lambOf;
    form.querySelector('[data-offline-lamb]')?.remove();
}

function stateText(entry) {
    return {
        waiting: text('textWaitingOne'),
        recorded: text('textRecorded'),
        replayed: text('textReplayed'),
        refused: text('textRefused'),
        'not-found': text('textNotFound'),
    }[entry.state] || entry.state;
}

async function render() {
    const root = panel();
    const box = await currentOutbox();
    if (!root || !box) {
        return;
    }
    const entries = await box.list();
    const waiting = entries.filter(e => e.state === 'waiting').length;
    root.hidden = entries.length === 0 && navigator.onLine && !notice;
    root.querySelector('[data-offline-notice]').textContent = notice || '';
    root.querySelector('[data-offline-notice]').hidden = !notice;
    root.querySelector('[data-offline-signal]').hidden = navigator.onLine;
    root.querySelector('[data-offline-count]').textContent = waiting ? text('textWaiting', { 0: waiting }) : text('textNothing');
    root.dataset.waiting = String(waiting);
    root.querySelector('[data-offline-send]').hidden = waiting === 0;
    root.querySelector('[data-offline-send]').disabled = sending;

    const list = root.querySelector('[data-offline-list]');
    list.replaceChildren(...entries.map(entry => {
        const item = document.createElement('li');
        item.className = `offline-entry offline-${entry.state}`;
        item.dataset.testid = 'offline-entry';
        item.dataset.state = entry.state;
        const title = document.createElement('strong');
        title.textContent = entry.label;
        const state = document.createElement('span');
        state.className = 'offline-state';
        state.dataset.testid = 'offline-entry-state';
        state.textContent = stateText(entry);
        item.append(title, state);
        for (const problem of entry.problems) {
            const reason = document.createElement('p');
            reason.className = 'offline-reason';
            reason.dataset.testid = 'offline-entry-reason';
            reason.textContent = problem.code === LAMBING_NOT_RECORDED ? text('textLambingNotRecorded') : problem.message;
            item.append(reason);
        }
        if (entry.kind === 'lambing' && entry.state === 'waiting') {
            item.append(button(text('textWeighLamb'), 'offlineWeighLamb', 'offline-weigh-lamb', entry.id));
        }
        if (entry.state === 'refused' && !entry.url) {
            // Nothing to correct in it: its lambing is what was refused.
            item.append(button(text('textRemove'), 'offlineRemove', 'offline-remove', entry.id));
        } else if (entry.state === 'refused') {
            item.append(button(text('textFix'), 'offlineFix', 'offline-fix', entry.id));
        }
        return item;
    }));
}

// A button of an entry in the list; the click handler below finds it by its data attribute.
function button(label, action, testId, id) {
    const element = document.createElement('button');
    element.type = 'button';
    element.className = testId;
    element.dataset[action] = String(id);
    element.dataset.testid = testId;
    element.textContent = label;
    return element;
}

async function sendNow() {
    const box = await currentOutbox();
    if (!box || sending || (await box.waitingCount()) === 0) {
        return;
    }
    if (!navigator.onLine) {
        notice = text('textNoSignal');
        await render();
        return;
    }
    sending = true;
    notice = text('textSending');
    await render();
    try {
        const token = panel()?.querySelector('input[name=__RequestVerificationToken]')?.value;
        const round = await box.send({ token });
        notice = round.stopped === 'sign-in' ? text('textSignIn') : round.stopped ? text('textNoSignal') : null;
        if (round.sent.some(entry => entry.state === 'recorded')) {
            refresh();
        }
    } finally {
        sending = false;
        await render();
    }
}

// What was just recorded shows on the page too (the new weight, the recent records): load it again (the answers stay
// listed, they are on the phone).
function refresh() {
    location.reload();
}

// A refused entry back in its form: the herder corrects it and saves again (online or into the outbox once more).
async function fix(id) {
    const box = await currentOutbox();
    const entry = await box.get(id);
    if (!entry) {
        return;
    }
    if (!location.pathname.endsWith(`/herder/sheep/${entry.sheepId}`)) {
        location.assign(`/herder/sheep/${entry.sheepId}#fix-${id}`);
        return;
    }
    const form = [...document.querySelectorAll(formSelector)].find(f =>
        entry.kind === 'photo' ? f.matches('[data-photo-upload]') : f.querySelector(`input[name=_handler][value="${entry.kind}"]`));
    if (!form) {
        return;
    }
    for (const [name, value] of entry.fields) {
        const input = form.elements.namedItem(name);
        if (input && name !== '__RequestVerificationToken' && name !== '_handler' && !(input instanceof RadioNodeList)) {
            input.value = value;
        }
    }
    showDayTexts(form);
    const pickers = [...form.querySelectorAll('input[type=file]')];
    if (entry.files.length && pickers.length) {
        const transfer = new DataTransfer();
        entry.files.forEach(file => transfer.items.add(new File([file.blob], file.name, { type: file.type })));
        pickers[pickers.length - 1].files = transfer.files;
    }
    const section = form.closest('details');
    if (section) {
        section.open = true;
    }
    await box.remove(id);
    notice = null;
    await render();
    const wrong = entry.problems.map(p => p.field && form.querySelector(`[name="Model.${p.field}"], [name="${p.field.toLowerCase()}"]`)).find(Boolean);
    (wrong || form).scrollIntoView({ block: 'center' });
    wrong?.focus();
}

async function removeEntry(id) {
    await (await currentOutbox())?.remove(id);
    notice = null;
    await render();
}

async function signOut(form) {
    const box = await currentOutbox();
    const waiting = box ? await box.waitingCount() : 0;
    if (waiting > 0 && !confirm(text('textSignOutWarning', { 0: waiting }))) {
        return;
    }
    await box?.clear();
    navigator.serviceWorker?.controller?.postMessage({ type: 'sign-out' });
    form.submit();
}

async function registerWorker() {
    const id = owner();
    if (!id || !('serviceWorker' in navigator)) {
        return;
    }
    try {
        await navigator.serviceWorker.register('/herder-sw.js', { scope: '/herder', type: 'module' });
        const worker = (await navigator.serviceWorker.ready).active;
        if (!worker || !navigator.onLine) {
            return;
        }
        const pages = location.pathname === '/herder'
            ? [location.pathname, ...[...document.querySelectorAll('[data-testid=flock-list] a[href]')].map(a => new URL(a.href).pathname)]
            : [location.pathname];
        const assets = [...document.querySelectorAll('link[rel=stylesheet][href], link[rel=icon][href], link[rel=manifest][href], script[src]')]
            .map(element => element.href || element.src);
        worker.postMessage({ type: 'owner', owner: id, pages: [...new Set(pages)], assets });
    } catch {
        // No worker (a private window, an old browser): the outbox still works on this page.
    }
}

async function pageLoaded() {
    moveDatesToToday();
    // The photo form's hint as the server wrote it, to put back once the chosen photos went into the outbox.
    document.querySelectorAll('[data-photo-chosen]').forEach(hint => { hint.dataset.hint ||= hint.textContent; });
    await render();
    await registerWorker();
    const fixing = /^#fix-(\d+)$/.exec(location.hash);
    const lamb = /^#lamb-(\d+)$/.exec(location.hash);
    if (fixing) {
        await fix(Number(fixing[1]));
    } else if (lamb) {
        await weighLamb(Number(lamb[1]));
    } else if (navigator.onLine) {
        await sendNow();
    }
}

// With no photo chosen, the photo script names the problem at once.
const hasPhotos = form => [...form.querySelectorAll('input[type=file]')].some(input => input.files.length > 0);

// Capture phase: decided before Blazor's enhanced post or the photo script's upload see the submit.
document.addEventListener('submit', event => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) {
        return;
    }
    if (form.matches('form[action$="Account/Logout"]') && owner()) {
        event.preventDefault();
        event.stopImmediatePropagation();
        signOut(form);
    } else if (form.matches(formSelector) && (!navigator.onLine || form.dataset.lambOf) && owner() && !(form.matches('[data-photo-upload]') && !hasPhotos(form))) {
        event.preventDefault();
        event.stopImmediatePropagation();
        keepOffline(form);
    }
}, true);

document.addEventListener('click', event => {
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest('[data-offline-send]')) {
        sendNow();
    } else if (target?.closest('[data-offline-fix]')) {
        fix(Number(target.closest('[data-offline-fix]').dataset.offlineFix));
    } else if (target?.closest('[data-offline-weigh-lamb]')) {
        weighLamb(Number(target.closest('[data-offline-weigh-lamb]').dataset.offlineWeighLamb));
    } else if (target?.closest('[data-offline-remove]')) {
        removeEntry(Number(target.closest('[data-offline-remove]').dataset.offlineRemove));
    }
});

// The chosen day, in words beside the date control, follows the control.
document.addEventListener('input', event => {
    if (event.target.matches?.('input[type=date][data-day-text]')) {
        showDayTexts(event.target.form || document);
    }
});
window.addEventListener('online', () => { notice = null; sendNow(); });
window.addEventListener('offline', () => render());
navigator.serviceWorker?.addEventListener('message', event => {
    if (event.data?.type === 'outbox-sent') {
        // The worker sent them (Background Sync): show the answers, and what the server now has.
        refresh();
    }
});
if (window.Blazor && typeof window.Blazor.addEventListener === 'function') {
    window.Blazor.addEventListener('enhancedload', () => { notice = null; pageLoaded(); });
}
pageLoaded();
