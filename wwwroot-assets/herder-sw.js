// The herder app's service worker (scope /herder): the flock list and each sheep's quick-entry page come from the
// network when there is one and from this phone's copy when not; the scripts, styles and images the pages use are kept
// too. Only the signed-in herder's own pages are kept, under one cache that is emptied when someone else signs in or
// the session ends; no other page (admin, sponsor, sign-in) is ever stored. Entries posted offline wait in the outbox
// (offline-outbox.js); Background Sync sends them when the phone finds a network, where the browser has it.
import { openOutbox } from './js/offline-outbox.js';

const PAGES = 'herder-pages';
const ASSETS = 'herder-assets-v1';
const OWNER = '/herder/__owner';

const isPage = url => url.origin === self.location.origin && /^\/herder(\/sheep\/\d+)?\/?$/.test(url.pathname);
const isAsset = url => url.origin === self.location.origin
    && (/^\/(css|js|images|_framework)\//.test(url.pathname) || url.pathname.endsWith('.webmanifest'));

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

async function owner() {
    const response = await (await caches.open(PAGES)).match(OWNER);
    return response ? response.text() : null;
}

async function setOwner(id) {
    const current = await owner();
    if (current !== id) {
        if (current) {
            // Someone else signed in on this phone: nothing of the last herder's stays.
            await caches.delete(PAGES);
        }
        await (await caches.open(PAGES)).put(OWNER, new Response(id));
    }
}

// A page is kept under its address without the query (?saved=… is a one-time notice, not another page).
const pageKey = url => url.origin + url.pathname;

async function keep(url, response) {
    const html = (response.headers.get('content-type') || '').startsWith('text/html');
    if (response.ok && html && !response.redirected && !response.headers.has('blazor-enhanced-nav-redirect-location') && (await owner())) {
        await (await caches.open(PAGES)).put(pageKey(url), response);
    }
}

async function page(request, url) {
    let response;
    try {
        response = await fetch(request);
    } catch {
        const kept = await (await caches.open(PAGES)).match(pageKey(url));
        return kept || offline();
    }
    if (response.redirected && new URL(response.url).pathname.toLowerCase().startsWith('/account/')) {
        // Sent to the sign-in page: this session is over, and so is its copy of the pages.
        await caches.delete(PAGES);
    } else if (!url.search) {
        await keep(url, response.clone());
    }
    return response;
}

async function asset(request) {
    const cache = await caches.open(ASSETS);
    const kept = await cache.match(request);
    const fresh = fetch(request).then(async response => {
        if (response.ok) {
            await cache.put(request, response.clone());
        }
        return response;
    });
    if (kept) {
        fresh.catch(() => undefined);
        return kept;
    }
    return fresh;
}

function offline() {
    return new Response(
        '<!DOCTYPE html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>离线 · Offline</title>'
        + '<p>没有信号，这个页面还没有保存在手机上。</p><p>No signal, and this page is not kept on this phone yet.</p><p><a href="/herder">我的羊群 · My flock</a></p>',
        { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

self.addEventListener('fetch', event => {
    const request = event.request;
    if (request.method !== 'GET') {
        return;
    }
    const url = new URL(request.url);
    if (isPage(url)) {
        event.respondWith(page(request, url));
    } else if (isAsset(url)) {
        event.respondWith(asset(request));
    }
});

// The pages tell the worker who is signed in, which pages to keep ready (the flock's quick-entry pages) and which
// files they use; and signing out empties both caches.
self.addEventListener('message', event => {
    const message = event.data || {};
    if (message.type === 'owner' && message.owner) {
        // One warm-up at a time: two pages loading at once must not interleave their owner checks.
        warming = warming.then(() => warm(message)).catch(() => undefined);
        event.waitUntil(warming);
    } else if (message.type === 'sign-out') {
        event.waitUntil(Promise.all([caches.delete(PAGES), caches.delete(ASSETS)]));
    }
});

let warming = Promise.resolve();

async function warm({ owner: id, pages = [], assets = [] }) {
    // A page that loaded while this worker was still installing (the herder moved on at once) was not claimed on
    // activation; claimed now, its next tap offline is answered from this phone instead of failing.
    await self.clients.claim();
    await setOwner(id);
    const cache = await caches.open(ASSETS);
    await Promise.all(assets.map(async address => {
        const url = new URL(address, self.location.origin);
        if (isAsset(url) && !(await cache.match(url.href))) {
            await cache.add(url.href).catch(() => undefined);
        }
    }));
    for (const address of pages) {
        const url = new URL(address, self.location.origin);
        if (isPage(url)) {
            await fetch(url.href, { credentials: 'same-origin' }).then(response => keep(url, response)).catch(() => undefined);
        }
    }
}

self.addEventListener('sync', event => {
    if (event.tag === 'herder-outbox') {
        event.waitUntil(sendWaiting());
    }
});

async function sendWaiting() {
    const id = await owner();
    if (!id) {
        return;
    }
    const outbox = await openOutbox(id);
    try {
        const round = await outbox.send();
        if (round.sent.length) {
            for (const client of await self.clients.matchAll({ type: 'window' })) {
                client.postMessage({ type: 'outbox-sent' });
            }
        }
        if (round.stopped === 'offline') {
            throw new Error('No signal yet: the browser tries the sync again later.');
        }
    } finally {
        outbox.close();
    }
}
