import type { IndexedAsset } from '../../api/assetTypes';

/**
 * What Show Video Details puts in its document: the indexed asset's ids, status, dates, system and
 * user metadata, and whether it can be streamed. The stream's and thumbnails' URLs are left out and
 * only said to exist: the editor would make them clickable links, and a link from the server is
 * not ours to offer. Everything else is the server's text as JSON strings, i.e. data.
 */
export interface VideoDetails {
  _id: string;
  asset_id: string | null;
  index_id: string;
  status: string;
  created_at: string | null;
  updated_at: string | null;
  indexed_at: string | null;
  system_metadata: NonNullable<IndexedAsset['system_metadata']>;
  user_metadata: NonNullable<IndexedAsset['user_metadata']>;
  /** Null when the video was indexed without `enable_video_stream`. */
  hls: { status: string | null; has_video_url: boolean; thumbnail_count: number; updated_at: string | null } | null;
  /** The platform's reason, for a failed video (masked when it was read). */
  error?: { code: string | null; message: string | null };
}

export function videoDetails(indexId: string, video: IndexedAsset): VideoDetails {
  const details: VideoDetails = {
    _id: video._id,
    asset_id: video.asset_id ?? null,
    index_id: indexId,
    status: video.status,
    created_at: video.created_at ?? null,
    updated_at: video.updated_at ?? null,
    indexed_at: video.indexed_at ?? null,
    system_metadata: { ...(video.system_metadata ?? {}) },
    user_metadata: { ...(video.user_metadata ?? {}) },
    hls: video.hls
      ? {
          status: video.hls.status ?? null,
          has_video_url: typeof video.hls.video_url === 'string' && video.hls.video_url !== '',
          thumbnail_count: video.hls.thumbnail_urls?.length ?? 0,
          updated_at: video.hls.updated_at ?? null,
        }
      : null,
  };
  if (video.error) {
    details.error = { code: video.error.code ?? null, message: video.error.message ?? null };
  }
  return details;
}
