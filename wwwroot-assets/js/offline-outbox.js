// The herder's offline outbox: entry forms posted with no signal are kept here (IndexedDB, on the phone) in the order
// they were made, and sent later, each with the idempotency key its form was rendered with, so sending one twice (two
// tabs, the page and the service worker, a lost answer) records it once. The page (herder-offline.js) and the service
// worker (herder-sw.js) share this module; the tests run it in Node against fake-indexeddb.

const DATABASE = 'herder-outbox';
const STORE = 'entries';
const TOKEN_FIELD = '__RequestVerificationToken';

/** An entry the server has answered for: it stays in the list, with that answer, until the herder moves on. */
export const FINISHED = ['recorded', 'replayed'];

/** Why the phone itself refused an entry: the lambing whose lamb it was for was not recorded. */
export const LAMBING_NOT_RECORDED = 'lambing-not-recorded';

/** What stops a round of sending (the entry and those after it stay waiting). */
export const STOPPED = { offline: 'offline', signIn: 'sign-in', failed: 'failed' };

function request(call) {
    return new Promise((resolve, reject) => {
        call.onsuccess = () => resolve(call.result);
        call.onerror = () => reject(call.error);
    });
}

function done(transaction) {
    return new Promise((resolve, reject) => {
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
        transaction.onabort = () => reject(transaction.error);
    });
}

/** Opens the outbox of one herder (owner: the signed-in account); entries of anyone else are neither listed nor sent. */
export async function openOutbox(owner, indexedDB = globalThis.indexedDB) {
    if (!owner) {
        throw new Error('An outbox belongs to a signed-in herder.');
    }
    const opening = indexedDB.open(DATABASE, 1);
    opening.onupgradeneeded = () => {
        const store = opening.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
        store.createIndex('owner', 'owner');
    };
    const db = await request(opening);

    const run = async (mode, work) => {
        const transaction = db.transaction(STORE, mode);
        const result = await work(transaction.objectStore(STORE));
        await done(transaction);
        return result;
    };
    const all = () => run('readonly', store => request(store.index('owner').getAll(owner)));

    const outbox = {
        owner,

        /** Every entry of this herder, oldest first. */
        list: async () => (await all()).sort((a, b) => a.id - b.id),

        waitingCount: async () => (await all()).filter(entry => entry.state === 'waiting').length,

        get: async id => {
            const entry = await run('readonly', store => request(store.get(id)));
            return entry && entry.owner === owner ? entry : undefined;
        },

        /**
         * Keeps one posted form: its address, its fields (the idempotency key among them) and its files as blobs.
         * lambOf: for the lamb of a lambing still in this outbox (its id), which has no address until the server
         * answers that lambing with the lamb's id. The answers of the last round are cleared first: the list shows
         * what is new.
         */
        add: async ({ url, sheepId, kind, label, fields, files = [], lambOf = null }) => {
            if ((!url && !lambOf) || !Array.isArray(fields)) {
                throw new Error('An entry needs the address it posts to (or the lambing it is for) and its fields.');
            }
            const lambing = !url && await outbox.get(lambOf);
            if (lambing && lambing.lambId) {
                // The lambing was answered already (the signal came back meanwhile): its lamb has an address.
                url = `/herder/sheep/${lambing.lambId}`;
                sheepId = lambing.lambId;
                lambOf = null;
            }
            await outbox.dismissFinished();
            const entry = { owner, url: url || null, sheepId, kind, label, fields, files, lambOf, state: 'waiting', problems: [], createdAt: Date.now() };
            return run('readwrite', store => request(store.add(entry)));
        },

        remove: id => run('readwrite', async store => {
            const entry = await request(store.get(id));
            if (entry && entry.owner === owner) {
                await request(store.delete(id));
            }
        }),

        dismissFinished: async () => {
            // A recorded lambing stays while an entry for its lamb still waits for its address.
            const entries = await all();
            const awaited = new Set(entries.filter(entry => entry.state === 'waiting' && !entry.url).map(entry => entry.lambOf));
            const finished = entries.filter(entry => FINISHED.includes(entry.state) && !awaited.has(entry.id));
            await run('readwrite', store => Promise.all(finished.map(entry => request(store.delete(entry.id)))));
        },

        /** Signing out: nothing of this herder's stays on the phone. */
        clear: async () => {
            const mine = await all();
            await run('readwrite', store => Promise.all(mine.map(entry => request(store.delete(entry.id)))));
        },

        /**
         * Sends the waiting entries in the order they were made and keeps the server's answer for each. A refused
         * entry does not hold the others back; no signal, an ended session or an answer that is not the outbox's JSON
         * stops the round (those entries wait for the next one). token: the current page's antiforgery token, used
         * instead of the one the form had (that one may be from before the browser was restarted).
         */
        send: ({ fetch = globalThis.fetch, token } = {}) => withLock(async () => {
            const sent = [];
            for (const waiting of (await all()).filter(e => e.state === 'waiting').sort((a, b) => a.id - b.id)) {
                // Read again: an earlier entry of this round (its lambing) may have given it its address.
                const entry = await run('readonly', store => request(store.get(waiting.id)));
                if (!entry || entry.state !== 'waiting') {
                    continue;
                }
                if (!entry.url) {
                    const lambing = entry.lambOf && await run('readonly', store => request(store.get(entry.lambOf)));
                    if (lambing && lambing.state === 'waiting') {
                        // Its lambing was not sent yet (made later on another tab, say): both go in a later round.
                        continue;
                    }
                    if (lambing && lambing.lambId) {
                        // Its lambing was answered while this entry was being kept.
                        entry.url = `/herder/sheep/${lambing.lambId}`;
                        entry.sheepId = lambing.lambId;
                    } else {
                        entry.state = 'refused';
                        entry.problems = [{ field: null, code: LAMBING_NOT_RECORDED }];
                        await run('readwrite', store => request(store.put(entry)));
                        sent.push(entry);
                        continue;
                    }
                }
                const answer = await post(fetch, entry, token);
                if (answer.stopped) {
                    return { sent, stopped: answer.stopped };
                }
                entry.state = answer.outcome;
                entry.problems = answer.problems || [];
                entry.lambId = answer.lambId ?? null;
                await run('readwrite', async store => {
                    await request(store.put(entry));
                    if (entry.lambId) {
                        await addressLambEntries(store, entry);
                    }
                });
                sent.push(entry);
            }
            return { sent, stopped: null };
        }),

        close: () => db.close(),
    };
    return outbox;
}

// The lambing's answer named its lamb: the entries waiting for that lamb now post to its page, like any other.
async function addressLambEntries(store, lambing) {
    for (const entry of await request(store.index('owner').getAll(lambing.owner))) {
        if (entry.lambOf === lambing.id && !entry.url) {
            await request(store.put({ ...entry, url: `/herder/sheep/${lambing.lambId}`, sheepId: lambing.lambId }));
        }
    }
}

// One round at a time across the page, other tabs and the service worker (Web Locks where the browser has them).
function withLock(work) {
    const locks = globalThis.navigator && globalThis.navigator.locks;
    return locks ? locks.request(DATABASE, work) : work();
}

async function post(fetch, entry, token) {
    const body = new FormData();
    for (const [name, value] of entry.fields) {
        body.append(name, name === TOKEN_FIELD && token ? token : value);
    }
    for (const file of entry.files) {
        body.append(file.field, file.blob, file.name);
    }

    let response;
    try {
        response = await fetch(entry.url, {
            method: 'POST',
            body,
            credentials: 'same-origin',
            redirect: 'manual',
            headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
        });
    } catch {
        return { stopped: STOPPED.offline };
    }

    // Signed out (a redirect to the sign-in page, or 401 for a script's request): send again after signing in.
    if (response.status === 401 || response.status === 403 || response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        return { stopped: STOPPED.signIn };
    }
    const type = (response.headers.get('content-type') || '').toLowerCase();
    if (!type.includes('application/json')) {
        return { stopped: STOPPED.failed };
    }
    let answer;
    try {
        answer = await response.json();
    } catch {
        return { stopped: STOPPED.failed };
    }
    return ['recorded', 'replayed', 'refused', 'not-found'].includes(answer && answer.outcome) ? answer : { stopped: STOPPED.failed };
}
