/**
 * Which ZIP entries are class images, and the rules for their paths: one folder per class
 * (optionally all inside one top folder, as when a folder is zipped), no path escaping the
 * archive (zip-slip), nothing but PNG/JPEG files.
 */

import { DataError } from '../errors';
import type { ZipEntry } from './zip-reader';

export interface ClassImageEntry {
  entry: ZipEntry;
  className: string;
  fileName: string;
}

const IMAGE_EXTENSION = /\.(png|jpe?g)$/i;

/** Files that archivers add on their own: not the user's data, so skipped rather than refused. */
function isArchiverMetadata(name: string): boolean {
  const base = name.split('/').pop() ?? '';
  return name.startsWith('__MACOSX/') || base === '.DS_Store' || base === 'Thumbs.db';
}

/** Refuses absolute paths, drive letters, backslashes and `..` segments: such a name could write outside a folder if anyone ever extracted it. */
export function checkEntryPath(name: string): void {
  const segments = name.split(/[\\/]/);
  const unsafe = name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name) || segments.includes('..') || name.includes('\0');
  if (unsafe) {
    throw new DataError('unsafe_path', `ZIP entry ${JSON.stringify(name)} has an absolute path or a ".." segment; paths must stay inside the archive.`, { entry: name });
  }
}

export function classImageEntries(entries: ZipEntry[]): ClassImageEntry[] {
  for (const e of entries) checkEntryPath(e.name);
  const files = entries.filter((e) => !e.isDirectory && !isArchiverMetadata(e.name));
  for (const e of files) {
    if (!IMAGE_EXTENSION.test(e.name)) {
      throw new DataError('not_an_image', `ZIP entry ${JSON.stringify(e.name)} is not a PNG or JPEG image; the archive may only hold images in class folders.`, { entry: e.name });
    }
  }
  const paths = files.map((e) => e.name.split('/'));
  // A zipped folder puts everything under one top folder: look through it.
  const root = paths.length > 0 && paths.every((p) => p.length === 3 && p[0] === paths[0][0]) ? 1 : 0;
  return files.map((entry, i) => {
    const parts = paths[i].slice(root);
    if (parts.length !== 2 || parts[0] === '') {
      throw new DataError(
        'outside_class_folder',
        `ZIP entry ${JSON.stringify(entry.name)} is not directly inside a class folder; put each image in a folder named after its class (e.g. cat/001.png).`,
        { entry: entry.name },
      );
    }
    return { entry, className: parts[0], fileName: parts[1] };
  });
}
