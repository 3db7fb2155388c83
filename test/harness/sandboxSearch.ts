/**
 * What the sandbox seeds for Search and watch: an index with the thumbnail add-on whose videos have
 * transcripts with obvious words and HLS streams, so a newcomer can search, see thumbnails and play
 * clips at once. Kept apart from sandbox.ts so a unit test can check that every example query the
 * banner suggests finds something.
 */
import type { FakeTwelveLabs, SearchableVideo } from '../fake/server';

export const SANDBOX_SEARCH_VIDEOS: SearchableVideo[] = [
  {
    filename: 'dog-at-the-beach.mp4',
    duration: 8,
    transcript: [
      { start: 0, end: 2.5, value: 'Look, the dog is running along the beach.' },
      { start: 2.5, end: 5, value: 'He found a stick near the waves.' },
      { start: 5, end: 8, value: 'Good dog! Bring the stick back.' },
    ],
    sounds: [{ start: 5, end: 7, value: 'dog barking' }],
    userMetadata: { category: 'pets', reviewed: true },
    stream: true,
  },
  {
    filename: 'morning-coffee.mp4',
    duration: 8,
    transcript: [
      { start: 0, end: 4, value: 'First we grind the coffee beans.' },
      { start: 4, end: 8, value: 'Then the barista pours the milk slowly.' },
    ],
    sounds: [{ start: 0, end: 3, value: 'grinder noise' }],
    userMetadata: { category: 'food', reviewed: false },
    stream: true,
  },
  {
    filename: 'city-fireworks.mp4',
    duration: 8,
    transcript: [
      { start: 0, end: 4, value: 'The fireworks start over the river at midnight.' },
      { start: 4, end: 8, value: 'Everyone in the city is cheering.' },
    ],
    sounds: [{ start: 1, end: 6, value: 'fireworks explosions and a crowd cheering' }],
    userMetadata: { category: 'events', reviewed: true },
    // The variant with an AAC track: VS Code's desktop webviews cannot play its audio.
    stream: 'aac',
  },
  {
    filename: 'mountain-bike-ride.mp4',
    duration: 8,
    transcript: [
      { start: 0, end: 4, value: 'The climb up the mountain is steep in the rain.' },
      { start: 4, end: 8, value: 'Now the ride down through the forest.' },
    ],
    userMetadata: { category: 'sports', reviewed: false },
    stream: true,
  },
];

/** Queries the banner suggests; each finds at least one clip (checked by a unit test). */
export const SANDBOX_SEARCH_EXAMPLES: readonly string[] = ['dog', 'coffee', 'fireworks', 'mountain rain', 'beach stick'];

/**
 * Seeds the search demo into `indexId` (an index with Marengo and the thumbnail add-on) and turns the
 * streams of its other videos on, so that every result can be played. Returns the new video ids.
 */
export function seedSandboxSearch(fake: FakeTwelveLabs, indexId: string): string[] {
  const ids = fake.seedSearchableVideos(indexId, SANDBOX_SEARCH_VIDEOS);
  for (const video of fake.listVideos(indexId) ?? []) {
    if (!ids.includes(video._id)) {
      fake.setHlsStatus(video._id, 'COMPLETE');
    }
  }
  return ids;
}
