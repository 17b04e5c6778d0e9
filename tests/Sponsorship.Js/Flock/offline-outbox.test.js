// The offline outbox (wwwroot-assets/js/offline-outbox.js) against fake-indexeddb and a fake server that keeps what it
// recorded by idempotency key, as HerderLogbook does.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { IDBFactory } from 'fake-indexeddb';
import { openOutbox, STOPPED, LAMBING_NOT_RECORDED } from '../../../wwwroot-assets/js/offline-outbox.js';

let indexedDB;
beforeEach(() => {
    indexedDB = new IDBFactory();
});

const weighing = (key, kg, token = 'token-at-capture') => ({
    url: '/herder/sheep/7',
    sheepId: 7,
    kind: 'weighing',
    label: `Weighing ${kg} kg`,
    fields: [['_handler', 'weighing'], ['__RequestVerificationToken', token], ['Model.Key', key], ['Model.Weight', String(kg)], ['Model.On', '2026-12-07']],
});

const lambing = (key, name) => ({
    url: '/herder/sheep/7',
    sheepId: 7,
    kind: 'lambing',
    label: `Lambing ${name}`,
    fields: [['_handler', 'lambing'], ['__RequestVerificationToken', 'token-at-capture'], ['Model.Key', key], ['Model.LambSex', 'Ewe'], ['Model.LambName', name], ['Model.On', '2026-12-07']],
});

/** A weighing dated after the fake server's today, which it refuses. */
const weighingInTheFuture = (key, kg) => {
    const entry = weighing(key, kg);
    entry.fields = entry.fields.map(([n, v]) => [n, n === 'Model.On' ? '2026-12-09' : v]);
    return entry;
};

/** A weighing of the lamb of the lambing kept in this outbox under lambOf: it has no address of its own yet. */
const lambWeighing = (key, kg, lambOf) => ({ ...weighing(key, kg), url: null, sheepId: null, lambOf });

/** A server that records each key once, refuses dates after "today" and can be cut off or signed out. */
function fakeServer({ today = '2026-12-07' } = {}) {
    const server = { recorded: new Map(), requests: [], offline: false, signedOut: false };
    server.fetch = async (url, init) => {
        if (server.offline) {
            throw new TypeError('Failed to fetch');
        }
        const form = init.body;
        server.requests.push({ url, form, headers: init.headers });
        if (server.signedOut) {
            return new Response(null, { status: 401 });
        }
        const key = form.get('Model.Key') ?? form.get('key');
        const on = form.get('Model.On') ?? form.get('on');
        if (on > today) {
            return Response.json({ outcome: 'refused', problems: [{ field: 'On', message: 'The date is in the future.' }] }, { status: 422 });
        }
        if (server.refuseLambings && form.get('_handler') === 'lambing') {
            return Response.json({ outcome: 'refused', problems: [{ field: 'LambSex', message: 'Choose the lamb\'s sex.' }] }, { status: 422 });
        }
        if (server.recorded.has(key)) {
            return Response.json({ outcome: 'replayed', problems: [], lambId: server.recorded.get(key).lambId });
        }
        // A lambing creates a lamb, which the answer names (the next sheep id).
        const lambId = form.get('_handler') === 'lambing' ? 900 + server.recorded.size : null;
        server.recorded.set(key, { url, photos: form.getAll('photos'), lambId });
        return Response.json({ outcome: 'recorded', problems: [], lambId });
    };
    return server;
}

test('Entries made offline wait in the order they were made and are counted', async () => {
    const outbox = await openOutbox('herder-a', indexedDB);
    await outbox.add(weighing('k1', 40));
    await outbox.add(weighing('k2', 41));

    assert.equal(await outbox.waitingCount(), 2);
    assert.deepEqual((await outbox.list()).map(e => e.label), ['Weighing 40 kg', 'Weighing 41 kg']);
});

test('Sending posts each entry once in order with its own key and the page token and keeps the server answer', async () => {
    const server = fakeServer();
    const outbox = await openOutbox('herder-a', indexedDB);
    await outbox.add(weighing('k1', 40));
    await outbox.add(weighing('k2', 41));

    const round = await outbox.send({ fetch: server.fetch, token: 'fresh-token' });

    assert.equal(round.stopped, null);
    assert.deepEqual(server.requests.map(r => r.form.get('Model.Key')), ['k1', 'k2']);
    assert.deepEqual(server.requests.map(r => r.form.get('__RequestVerificationToken')), ['fresh-token', 'fresh-token']);
    assert.equal(server.requests[0].headers.Accept, 'application/json');
    assert.deepEqual((await outbox.list()).map(e => e.state), ['recorded', 'recorded']);
    assert.equal(await outbox.waitingCount(), 0);
});

test('Sending again after everything was answered sends nothing', async () => {
    const server = fakeServer();
    const outbox = await openOutbox('herder-a', indexedDB);
    await outbox.add(weighing('k1', 40));
    await outbox.send({ fetch: server.fetch });

    const again = await outbox.send({ fetch: server.fetch });

    assert.deepEqual(again.sent, []);
    assert.equal(server.requests.length, 1);
    assert.equal(server.recorded.size, 1);
});

test('An entry whose answer was lost is sent again and the server reports it as already recorded', async () => {
    const server = fakeServer();
    server.recorded.set('k1', { url: '/herder/sheep/7', photos: [] });
    const outbox = await openOutbox('herder-a', indexedDB);
    await outbox.add(weighing('k1', 40));

    await outbox.send({ fetch: server.fetch });

    assert.equal((await outbox.list())[0].state, 'replayed');
    assert.equal(server.recorded.size, 1);
});

test('With no signal the round stops and every entry keeps waiting', async () => {
    const server = fakeServer();
    server.offline = true;
    const outbox = await openOutbox('herder-a', indexedDB);
    await outbox.add(weighing('k1', 40));
    await outbox.add(weighing('k2', 41));

    const round = await outbox.send({ fetch: server.fetch });

    assert.equal(round.stopped, STOPPED.offline);
    assert.equal(await outbox.waitingCount(), 2);
});

test('A refused entry keeps its reasons and does not hold back the entries after it', async () => {
    const server = fakeServer();
    const outbox = await openOutbox('herder-a', indexedDB);
    await outbox.add(weighingInTheFuture('k1', 40));
    await outbox.add(weighing('k2', 41));

    await outbox.send({ fetch: server.fetch });

    const [refused, recorded] = await outbox.list();
    assert.equal(refused.state, 'refused');
    assert.deepEqual(refused.problems, [{ field: 'On', message: 'The date is in the future.' }]);
    assert.equal(recorded.state, 'recorded');
    assert.deepEqual([...server.recorded.keys()], ['k2']);
});

test('An ended session stops the round and the entries wait for the herder to sign in again', async () => {
    const server = fakeServer();
    server.signedOut = true;
    const outbox = await openOutbox('herder-a', indexedDB);
    await outbox.add(weighing('k1', 40));

    const round = await outbox.send({ fetch: server.fetch });

    assert.equal(round.stopped, STOPPED.signIn);
    assert.equal(await outbox.waitingCount(), 1);
});

test('An answer that is not the outbox JSON (an error page) stops the round without marking the entry', async () => {
    const outbox = await openOutbox('herder-a', indexedDB);
    await outbox.add(weighing('k1', 40));

    const round = await outbox.send({ fetch: async () => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }) });

    assert.equal(round.stopped, STOPPED.failed);
    assert.equal((await outbox.list())[0].state, 'waiting');
});

test('Photos are kept as blobs and posted as files with their names', async () => {
    const server = fakeServer();
    const outbox = await openOutbox('herder-a', indexedDB);
    await outbox.add({
        url: '/herder/sheep/7/photos',
        sheepId: 7,
        kind: 'photo',
        label: '2 photos',
        fields: [['key', 'p1'], ['on', '2026-12-07']],
        files: [
            { field: 'photos', name: 'a.jpg', type: 'image/jpeg', blob: new Blob([new Uint8Array([0xff, 0xd8, 1])], { type: 'image/jpeg' }) },
            { field: 'photos', name: 'b.jpg', type: 'image/jpeg', blob: new Blob([new Uint8Array([0xff, 0xd8, 2])], { type: 'image/jpeg' }) },
        ],
    });

    await outbox.send({ fetch: server.fetch });

    const photos = server.recorded.get('p1').photos;
    assert.deepEqual(photos.map(p => p.name), ['a.jpg', 'b.jpg']);
    assert.deepEqual([...new Uint8Array(await photos[1].arrayBuffer())], [0xff, 0xd8, 2]);
});

test('Another herder on the same phone neither sees nor sends the first herder entries', async () => {
    const server = fakeServer();
    const first = await openOutbox('herder-a', indexedDB);
    await first.add(weighing('k1', 40));
    const second = await openOutbox('herder-b', indexedDB);

    await second.send({ fetch: server.fetch });

    assert.deepEqual(await second.list(), []);
    assert.equal(server.requests.length, 0);
    assert.equal(await first.waitingCount(), 1);
});

test('Clearing on sign-out removes only this herder entries', async () => {
    const first = await openOutbox('herder-a', indexedDB);
    await first.add(weighing('k1', 40));
    const second = await openOutbox('herder-b', indexedDB);
    await second.add(weighing('k9', 50));

    await first.clear();

    assert.deepEqual(await first.list(), []);
    assert.equal(await second.waitingCount(), 1);
});

test('A new entry clears the answered ones from the list but keeps the refused ones', async () => {
    const server = fakeServer();
    const outbox = await openOutbox('herder-a', indexedDB);
    await outbox.add(weighingInTheFuture('k1', 40));
    await outbox.add(weighing('k2', 41));
    await outbox.send({ fetch: server.fetch });

    await outbox.add(weighing('k3', 42));

    assert.deepEqual((await outbox.list()).map(e => [e.label, e.state]), [['Weighing 40 kg', 'refused'], ['Weighing 42 kg', 'waiting']]);
});

test('Two rounds started at once still record every entry once', async () => {
    const server = fakeServer();
    const outbox = await openOutbox('herder-a', indexedDB);
    await outbox.add(weighing('k1', 40));
    await outbox.add(weighing('k2', 41));
    // Node has no Web Locks: the server's idempotency keys are what keep this to one record each.
    await Promise.all([outbox.send({ fetch: server.fetch }), outbox.send({ fetch: server.fetch })]);

    assert.equal(server.recorded.size, 2);
    assert.deepEqual((await outbox.list()).map(e => e.state).every(s => s === 'recorded' || s === 'replayed'), true);
});

test('A lamb born offline is weighed offline and its weighing goes to the lamb the server created for the lambing', async () => {
    const server = fakeServer();
    const outbox = await openOutbox('herder-a', indexedDB);
    const birth = await outbox.add(lambing('birth', 'Little Snow'));
    await outbox.add(lambWeighing('lamb-kg', 3.2, birth));

    const round = await outbox.send({ fetch: server.fetch });

    assert.equal(round.stopped, null);
    const lambId = server.recorded.get('birth').lambId;
    assert.deepEqual(server.requests.map(r => r.url), ['/herder/sheep/7', `/herder/sheep/${lambId}`]);
    const [born, weighed] = await outbox.list();
    assert.deepEqual([born.state, born.lambId], ['recorded', lambId]);
    assert.deepEqual([weighed.state, weighed.url, weighed.sheepId], ['recorded', `/herder/sheep/${lambId}`, lambId]);
});

test('A lamb weighing whose lambing was recorded before the signal dropped goes to the lamb in a later round, once', async () => {
    const server = fakeServer();
    const outbox = await openOutbox('herder-a', indexedDB);
    const birth = await outbox.add(lambing('birth', 'Little Snow'));
    await outbox.add(lambWeighing('lamb-kg', 3.2, birth));
    const cutAfterFirst = async (url, init) => {
        const answer = await server.fetch(url, init);
        server.offline = true;
        return answer;
    };

    assert.equal((await outbox.send({ fetch: cutAfterFirst })).stopped, STOPPED.offline);
    // A new entry clears the recorded lambing from the list; its lamb's address is already kept on the weighing.
    await outbox.add(weighing('later', 44));
    server.offline = false;
    await outbox.send({ fetch: server.fetch });

    const lambId = server.recorded.get('birth').lambId;
    assert.deepEqual(server.requests.map(r => r.url), ['/herder/sheep/7', `/herder/sheep/${lambId}`, '/herder/sheep/7']);
    assert.deepEqual((await outbox.list()).map(e => [e.label, e.state]), [['Weighing 3.2 kg', 'recorded'], ['Weighing 44 kg', 'recorded']]);
});

test('A lamb weighing whose lambing was refused is refused on the phone and never posted', async () => {
    const server = fakeServer();
    server.refuseLambings = true;
    const outbox = await openOutbox('herder-a', indexedDB);
    const birth = await outbox.add(lambing('birth', 'Little Snow'));
    await outbox.add(lambWeighing('lamb-kg', 3.2, birth));
    await outbox.add(weighing('other', 44));

    await outbox.send({ fetch: server.fetch });

    assert.deepEqual(server.requests.map(r => r.form.get('Model.Key')), ['birth', 'other']);
    const [born, weighed, other] = await outbox.list();
    assert.equal(born.state, 'refused');
    assert.deepEqual([weighed.state, weighed.problems], ['refused', [{ field: null, code: LAMBING_NOT_RECORDED }]]);
    assert.equal(other.state, 'recorded');
});

test('A lamb weighing kept after its lambing was already answered goes to the lamb, not refused', async () => {
    const server = fakeServer();
    const outbox = await openOutbox('herder-a', indexedDB);
    const birth = await outbox.add(lambing('birth', 'Little Snow'));
    await outbox.send({ fetch: server.fetch });
    await outbox.add(lambWeighing('lamb-kg', 3.2, birth));

    await outbox.send({ fetch: server.fetch });

    const lambId = server.recorded.get('birth').lambId;
    assert.deepEqual(server.requests.map(r => r.url), ['/herder/sheep/7', `/herder/sheep/${lambId}`]);
    assert.equal((await outbox.list()).find(e => e.label === 'Weighing 3.2 kg').state, 'recorded');
});
