import fs = require('node:fs');
import vscode = require('vscode');
import { MAX_MULTIPART_BYTES } from '../api/assetTypes';
import { formatBytes } from './progress';
import type { RejectedFile } from './results';

export type FileCheck = { ok: true; file: string; size: number; mtimeMs: number } | ({ ok: false } & RejectedFile);

/**
 * Everything that can be known about a file before sending it: that it exists, is a regular file,
 * is not empty and fits the limit of a multipart upload (10 GB). The server would refuse the rest only after the upload.
 */
export async function checkFile(file: string, limit = MAX_MULTIPART_BYTES): Promise<FileCheck> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return reject(file, 'not_found', vscode.l10n.t('“{0}” does not exist.', file));
    }
    return reject(file, 'unreadable', vscode.l10n.t('“{0}” cannot be read ({1}).', file, code ?? 'EIO'));
  }
  if (stat.isDirectory()) {
    return reject(file, 'not_a_file', vscode.l10n.t('“{0}” is a folder, not a video file.', file));
  }
  if (!stat.isFile()) {
    return reject(file, 'not_a_file', vscode.l10n.t('“{0}” is not a regular file.', file));
  }
  if (stat.size === 0) {
    return reject(file, 'empty', vscode.l10n.t('“{0}” is empty (0 bytes).', file));
  }
  if (stat.size > limit) {
    return reject(
      file,
      'too_large',
      vscode.l10n.t('“{0}” is {1}; uploads to an index are limited to {2}. Split or compress the video first.', file, formatBytes(stat.size), formatBytes(limit)),
    );
  }
  try {
    await fs.promises.access(file, fs.constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EACCES';
    return reject(file, 'unreadable', vscode.l10n.t('“{0}” cannot be read ({1}).', file, code));
  }
  return { ok: true, file, size: stat.size, mtimeMs: stat.mtimeMs };
}

function reject(file: string, code: RejectedFile['code'], message: string): FileCheck {
  return { ok: false, file, code, message };
}

/** `http(s)://host/...`: what the API can fetch. */
/**
 * A video URL as it may be kept and shown: without its query and fragment (a presigned URL's
 * signature is a credential) or any user name and password. The request itself gets the whole URL.
 */
export function displayUrl(value: string): string {
  try {
    const url = new URL(value.trim());
    return `${url.protocol}//${url.host}${url.pathname}${url.search || url.hash ? '?…' : ''}`;
  } catch {
    return value.trim().replace(/[?#].*$/s, '?…');
  }
}

export function isVideoUrl(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}
