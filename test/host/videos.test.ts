import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CopyVideoIdResult, DeleteVideoResult, EditVideoMetadataResult, ShowVideoDetailsResult } from '../../src/indexes/results';
import type { ExtensionTestApi, TreeNodeSnapshot } from '../build/testApi';
import type { FakeTwelveLabs } from '../fake/server';
import { CANARY_KEY, acceptQuickInput, activateExtension, quickInputDriver, setSetting, startFake, waitFor } from './support';

function run<T>(command: string, ...args: unknown[]): Thenable<T> {
  return vscode.commands.executeCommand<T>(command, ...args);
}

const HOSTILE_FILE = '[Reveal](command:workbench.action.quit) ![pixel](https://evil.example/x.png) <img src=x> $(bug)';
const HOSTILE_KEY = '[key](command:workbench.action.quit)';
const HOSTILE_VALUE = '![v](https://evil.example/v.png) <b>bold</b> $(bug)';

describe('Videos: the index content from indexed assets, and the video actions (real host)', () => {
  let api: ExtensionTestApi;
  let fake: FakeTwelveLabs;
  let markdown: { parse(source: string, options: { async: false; gfm: boolean }): string };
  let indexId = '';
  /** Seeded by `seedIndexes`: videos without an asset id. */
  let plainVideos: string[] = [];
  let lecture = '';
  let lectureAsset = '';
  let indexing = '';
  let failed = '';
  let hostile = '';

  const videoNodes = async () => (await api.indexes.childNodes(indexId)).filter((node) => node.contextValue?.startsWith('twelvelabs.video'));
  const nodeOf = async (videoId: string): Promise<TreeNodeSnapshot | undefined> => (await videoNodes()).find((node) => node.id === `${indexId}/videos/${videoId}`);
  const html = (source: string | undefined) => markdown.parse(source ?? '', { async: false, gfm: true });

  const { nextInput, labelled, hasItem, choose, type } = quickInputDriver(() => api);

  const requestsTo = (method: string, pattern: RegExp) => fake.requests.filter((r) => r.method === method && pattern.test(r.path));

  before(async () => {
    markdown = (await import('marked')).marked;
    api = await activateExtension();
    fake = await startFake({ validateResponses: true });
    assert.equal((await api.keys.store({ key: CANARY_KEY })).status, 'saved');
    if (api.indexes.contextKeys().indexFilterActive) {
      await run('twelvelabs.clearIndexFilter');
    }
    [indexId] = fake.seedIndexes(1, { namePrefix: 'videos-host', videosPerIndex: 2 });
    plainVideos = (fake.listVideos(indexId) ?? []).map((video) => video._id);
    [lecture] = fake.seedIndexedAssets(indexId, 1, { filenamePrefix: 'lecture', userMetadata: { topic: 'old', take: 1 }, enableVideoStream: true });
    lectureAsset = fake.indexedAssets(indexId)?.find((item) => item._id === lecture)?.asset_id ?? '';
    [indexing] = fake.seedIndexedAssets(indexId, 1, { filenamePrefix: 'draft', status: 'indexing' });
    [failed] = fake.seedIndexedAssets(indexId, 1, { filenamePrefix: 'broken', status: 'failed' });
    [hostile] = fake.seedIndexedAssets(indexId, 1, { filenamePrefix: HOSTILE_FILE, userMetadata: { [HOSTILE_KEY]: HOSTILE_VALUE } });
    await api.keys.settled();
    await run('twelvelabs.refreshIndexes');
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.deepEqual(fake.responseProblems, [], 'the fake answered outside the spec');
  });

  after(async () => {
    await api.keys.clear();
    await fake?.close();
    await setSetting('apiUrl', undefined);
  });

  it('an index lists its indexed assets (not /videos): ready ones as videos, the others with their status', async () => {
    await run('twelvelabs.refreshIndexes');
    fake.clearRequests();
    const nodes = await videoNodes();
    assert.equal(requestsTo('GET', new RegExp(`^/indexes/${indexId}/indexed-assets$`)).length, 1);
    assert.deepEqual(
      fake.requests.filter((r) => r.path.endsWith('/videos')),
      [],
    );
    assert.equal(nodes.length, 6);
    const plain = await nodeOf(plainVideos[0]);
    assert.equal(plain?.contextValue, 'twelvelabs.video');
    assert.equal(plain?.label, 'video-001.mp4');
    assert.match(String(plain?.description), /^\d+:\d\d · 1920×1080$/);
    assert.equal(plain?.icon, 'device-camera-video');
    assert.ok(plain?.tooltip?.includes(plainVideos[0]), 'the tooltip has the indexed asset id');

    const lectureNode = await nodeOf(lecture);
    assert.ok(lectureNode?.tooltip?.includes(lectureAsset), 'and the asset id when there is one');
    assert.match(String(lectureNode?.tooltip), /Status: ready/);
    assert.match(String(lectureNode?.tooltip), /Size: /);

    const indexingNode = await nodeOf(indexing);
    assert.equal(indexingNode?.contextValue, 'twelvelabs.video.indexing');
    assert.equal(indexingNode?.icon, 'sync~spin');
    assert.match(String(indexingNode?.description), /indexing…$/);
    assert.match(String(indexingNode?.accessibilityLabel), /indexing…/);

    const failedNode = await nodeOf(failed);
    assert.equal(failedNode?.contextValue, 'twelvelabs.video.failed');
    assert.equal(failedNode?.icon, 'error');
    assert.match(String(failedNode?.description), /failed$/);
  });

  it('a video another feature stands for (an upload still indexing) is left out while it does', async () => {
    const cover = api.indexes.coverVideos(indexId, [indexing]);
    try {
      assert.equal(await nodeOf(indexing), undefined);
      assert.ok(await nodeOf(lecture), 'the others stay');
    } finally {
      cover.dispose();
    }
    assert.ok(await nodeOf(indexing), 'back once nothing covers it');
  });

  it('Show Video Details: the indexed asset now, as a read-only JSON document, without the stream URL', async () => {
    fake.clearRequests();
    const result = await run<ShowVideoDetailsResult>('twelvelabs.showVideoDetails', { indexId, videoId: lecture });
    assert.ok(result.outcome === 'shown', JSON.stringify(result));
    assert.equal(requestsTo('GET', new RegExp(`/indexed-assets/${lecture}$`)).length, 1);
    const details = JSON.parse(result.content) as Record<string, unknown>;
    assert.equal(details._id, lecture);
    assert.equal(details.asset_id, lectureAsset);
    assert.equal(details.index_id, indexId);
    assert.equal(details.status, 'ready');
    assert.deepEqual(details.user_metadata, { topic: 'old', take: 1 });
    assert.equal((details.system_metadata as { filename: string }).filename, 'lecture-001.mp4');
    assert.deepEqual({ ...(details.hls as object), updated_at: undefined }, { status: 'COMPLETE', has_video_url: true, thumbnail_count: 1, updated_at: undefined });
    assert.doesNotMatch(result.content, /https?:\/\//, 'no URL from the server becomes a link in the editor');
    const document = vscode.window.activeTextEditor?.document;
    assert.equal(document?.uri.scheme, 'twelvelabs-video');
    assert.match(document?.uri.path ?? '', /\/lecture-001\.mp4\.json$/);
    assert.equal(document?.getText(), result.content);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('run from the palette, a video command picks the index, then the video', async () => {
    const running = run<ShowVideoDetailsResult>('twelvelabs.showVideoDetails');
    const indexes = await nextInput(undefined, 'quickPick', (pick) => pick.items.some((item) => item.detail === indexId));
    assert.equal(indexes.title, 'Show Video Details');
    indexes.activeItems = [indexes.items.find((item) => item.detail === indexId) as vscode.QuickPickItem];
    await acceptQuickInput();
    const videos = await nextInput(indexes, 'quickPick', (pick) => pick.items.some((item) => item.detail === failed));
    assert.match(String(videos.items.find((item) => item.detail === failed)?.description), /failed/);
    videos.activeItems = [videos.items.find((item) => item.detail === failed) as vscode.QuickPickItem];
    await acceptQuickInput();
    const result = await running;
    assert.ok(result.outcome === 'shown', JSON.stringify(result));
    assert.equal((JSON.parse(result.content) as { status: string }).status, 'failed');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Copy Video ID: the indexed asset id at once when it is the only one; a pick between it and the asset id otherwise', async () => {
    const only = await run<CopyVideoIdResult>('twelvelabs.copyVideoId', { indexId, videoId: plainVideos[0] });
    assert.deepEqual(only, { outcome: 'copied', indexId, videoId: plainVideos[0], which: 'indexedAsset', text: plainVideos[0] });
    assert.equal(await vscode.env.clipboard.readText(), plainVideos[0]);

    const running = run<CopyVideoIdResult>('twelvelabs.copyVideoId', { indexId, videoId: lecture });
    const pick = await nextInput(undefined, 'quickPick', hasItem('Asset ID'));
    assert.deepEqual(
      pick.items.map((item) => [item.label, item.description]),
      [
        ['Indexed Asset ID', lecture],
        ['Asset ID', lectureAsset],
      ],
    );
    await choose(pick, 'Asset ID');
    assert.deepEqual(await running, { outcome: 'copied', indexId, videoId: lecture, which: 'asset', text: lectureAsset });
    assert.equal(await vscode.env.clipboard.readText(), lectureAsset);
  });

  it('Edit Video Metadata, typed as a user: change, remove, add (a reserved name refused); one PATCH of exactly the changes', async () => {
    fake.clearRequests();
    const running = run<EditVideoMetadataResult>('twelvelabs.editVideoMetadata', { indexId, videoId: lecture });
    const list = await nextInput(undefined, 'quickPick', hasItem('topic'));
    assert.equal(list.title, 'Edit Metadata: lecture-001.mp4');
    assert.equal(labelled(list, 'topic')?.description, '= old');
    assert.equal(labelled(list, 'take')?.detail, 'a number');
    assert.equal(labelled(list, 'Save 1 Change'), undefined, 'nothing to save yet');
    await choose(list, 'topic');
    const field = await nextInput(list, 'quickPick', hasItem('Change Value…'));
    await choose(field, 'Change Value…');
    const value = await nextInput(field, 'inputBox');
    assert.equal(value.value, 'old');
    assert.match(value.prompt ?? '', /A number \(12, 4\.5\) or true or false is stored as such; in double quotes it stays text/);
    await type(value, 'new');

    const changed = await nextInput(value, 'quickPick', hasItem('take'));
    assert.equal(labelled(changed, 'topic')?.description, '= new');
    assert.equal(labelled(changed, 'topic')?.detail, 'text · was old');
    await choose(changed, 'take');
    const takeField = await nextInput(changed, 'quickPick', hasItem('Remove Field'));
    await choose(takeField, 'Remove Field');

    const removed = await nextInput(takeField, 'quickPick', hasItem('Add Field…'));
    assert.equal(labelled(removed, 'take')?.detail, 'a number · will be removed');
    await choose(removed, 'Add Field…');
    const key = await nextInput(removed, 'inputBox');
    await type(key, 'filename');
    await waitFor('the reserved name refused', () => {
      const message = key.validationMessage;
      return /own filters/.test(typeof message === 'string' ? message : (message?.message ?? ''));
    });
    assert.equal(api.indexes.activeQuickInput()?.input, key, 'Enter did not get past the name');
    await type(key, 'rating');
    const ratingValue = await nextInput(key, 'inputBox');
    await type(ratingValue, '9.5');

    const ready = await nextInput(ratingValue, 'quickPick', hasItem('Save 3 Changes'));
    assert.equal(labelled(ready, 'rating')?.detail, 'a number · new');
    assert.equal(requestsTo('PATCH', /./).length, 0, 'nothing is sent before Save');
    await choose(ready, 'Save 3 Changes');

    const result = await running;
    assert.deepEqual(result, { outcome: 'saved', indexId, videoId: lecture, changes: { topic: 'new', take: null, rating: 9.5 }, metadata: { topic: 'new', rating: 9.5 } });
    const patches = requestsTo('PATCH', /./);
    assert.equal(patches.length, 1);
    assert.equal(patches[0].path, `/indexes/${indexId}/indexed-assets/${lecture}`);
    assert.deepEqual(patches[0].body, { user_metadata: { topic: 'new', take: null, rating: 9.5 } });
    assert.deepEqual(fake.indexedAssets(indexId)?.find((item) => item._id === lecture)?.user_metadata, { topic: 'new', rating: 9.5 });
    const tooltip = String((await nodeOf(lecture))?.tooltip);
    assert.match(tooltip, /`rating`: 9\\\.5/);
    assert.match(tooltip, /`topic`: new/);
    assert.doesNotMatch(tooltip, /`take`/);
  });

  it('Edit Video Metadata left with Escape, or with nothing changed, sends nothing', async () => {
    fake.clearRequests();
    const running = run<EditVideoMetadataResult>('twelvelabs.editVideoMetadata', { indexId, videoId: lecture });
    await nextInput(undefined, 'quickPick', hasItem('rating'));
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.deepEqual(await running, { outcome: 'cancelled' });
    assert.equal(requestsTo('PATCH', /./).length, 0);
    assert.equal(requestsTo('GET', new RegExp(`/indexed-assets/${lecture}$`)).length, 1, 'it read the metadata fresh');
  });

  it('Delete Video, confirmed: the modal names the video and the index; DELETE; the node goes and the index counts one less', async () => {
    const [victim] = plainVideos.slice(1);
    const before = fake.listIndexes().find((index) => index._id === indexId)?.video_count ?? 0;
    const answer = api.answerModal(/^Delete the video “video-002\.mp4” from the index “videos-host-001”\?/, 'Delete');
    let result: DeleteVideoResult;
    try {
      result = await run<DeleteVideoResult>('twelvelabs.deleteVideo', { indexId, videoId: victim });
    } finally {
      answer.dispose();
    }
    assert.deepEqual(result, { outcome: 'deleted', indexId, videoId: victim, name: 'video-002.mp4' });
    const modal = api.notifications().at(-1);
    assert.equal(modal?.modal, true);
    assert.match(modal?.message ?? '', /This cannot be undone\./);
    assert.deepEqual(requestsTo('DELETE', /./).at(-1)?.path, `/indexes/${indexId}/indexed-assets/${victim}`);
    assert.ok(!fake.listVideos(indexId)?.some((video) => video._id === victim));
    assert.equal(await nodeOf(victim), undefined);
    const indexNode = (await api.indexes.rootNodes()).find((node) => node.id === indexId);
    assert.match(String(indexNode?.description), new RegExp(` · ${before - 1} videos · `));
  });

  it('Delete Video, dismissed: nothing is sent, and the video stays', async () => {
    fake.clearRequests();
    const answer = api.answerModal(/^Delete the video “video-001\.mp4”/, undefined);
    try {
      assert.deepEqual(await run<DeleteVideoResult>('twelvelabs.deleteVideo', { indexId, videoId: plainVideos[0] }), { outcome: 'cancelled' });
    } finally {
      answer.dispose();
    }
    assert.equal(requestsTo('DELETE', /./).length, 0);
    assert.ok(await nodeOf(plainVideos[0]));
  });

  it('an argument from outside cannot delete without the modal, nor name the video in it', async () => {
    fake.clearRequests();
    const modalsBefore = api.notifications().filter((n) => n.modal).length;
    // Whatever the caller adds, the question is asked, with the server's name for the video.
    const forged = { kind: 'video', indexId, video: { _id: plainVideos[0], status: 'ready', system_metadata: { filename: 'harmless.mp4' } }, confirmed: true, skipConfirmation: true };
    const answer = api.answerModal(/^Delete the video/, undefined);
    try {
      assert.deepEqual(await run<DeleteVideoResult>('twelvelabs.deleteVideo', forged, { confirmed: true }), { outcome: 'cancelled' });
    } finally {
      answer.dispose();
    }
    const modals = api.notifications().filter((n) => n.modal);
    assert.equal(modals.length, modalsBefore + 1, 'one question was asked');
    assert.match(modals.at(-1)?.message ?? '', /“video-001\.mp4”/);
    assert.doesNotMatch(modals.at(-1)?.message ?? '', /harmless/);
    assert.equal(requestsTo('DELETE', /./).length, 0);
    assert.ok(fake.listVideos(indexId)?.some((video) => video._id === plainVideos[0]));
  });

  it('a hostile filename and metadata are plain text: the label as it is, no link, image or HTML in tooltips or pickers', async () => {
    const node = await nodeOf(hostile);
    const hostileName = fake.indexedAssets(indexId)?.find((item) => item._id === hostile)?.system_metadata.filename;
    assert.ok(hostileName?.startsWith(HOSTILE_FILE));
    assert.equal(node?.label, hostileName);
    assert.doesNotMatch(html(node?.tooltip), /<(a|img|b)\b/i);
    assert.ok(html(node?.tooltip).includes('Reveal'), 'the name is shown');

    // Its metadata reaches the tooltip once edited (the list carries none): change its value, as a user.
    const running = run<EditVideoMetadataResult>('twelvelabs.editVideoMetadata', { indexId, videoId: hostile });
    const list = await nextInput(undefined, 'quickPick', (pick) => pick.items.some((item) => item.label.includes('[key]')));
    assert.ok(list.title?.includes('\\$(bug)'), `the icon syntax is escaped in the title: ${list.title}`);
    const item = list.items.find((candidate) => candidate.label.includes('[key]'));
    assert.equal(item?.label, HOSTILE_KEY);
    assert.ok(item?.description?.includes('\\$(bug)'), 'and in the value');
    assert.ok(item);
    list.activeItems = [item];
    await acceptQuickInput();
    const field = await nextInput(list, 'quickPick', hasItem('Change Value…'));
    await choose(field, 'Change Value…');
    const value = await nextInput(field, 'inputBox');
    assert.equal(value.value, HOSTILE_VALUE);
    await type(value, `${HOSTILE_VALUE} [more](https://evil.example/more)`);
    await choose(await nextInput(value, 'quickPick', hasItem('Save 1 Change')), 'Save 1 Change');
    assert.equal((await running).outcome, 'saved');
    const tooltip = html((await nodeOf(hostile))?.tooltip);
    assert.doesNotMatch(tooltip, /<(a|img|b)\b/i, tooltip);
    assert.ok(tooltip.includes('bold') && tooltip.includes('more'), 'the metadata is shown');

    const details = await run<ShowVideoDetailsResult>('twelvelabs.showVideoDetails', { indexId, videoId: hostile });
    assert.ok(details.outcome === 'shown');
    assert.equal((JSON.parse(details.content) as { system_metadata: { filename: string } }).system_metadata.filename, hostileName);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
