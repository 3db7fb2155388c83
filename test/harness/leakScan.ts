import * as fs from 'node:fs';
import * as path from 'node:path';
import { CANARY_KEYS, canaryForms } from '../canary';

export interface LeakHit {
  where: string;
  form: string;
}

/** Every form of every canary key, each with what it is. */
function allForms(): { form: string; what: string }[] {
  return CANARY_KEYS.flatMap((key, index) => {
    const [plain, urlEncoded, base64] = canaryForms(key);
    const which = index === 0 ? '' : ` (canary ${index + 1})`;
    return [
      { form: plain, what: `verbatim${which}` },
      ...(urlEncoded !== undefined && urlEncoded !== plain ? [{ form: urlEncoded, what: `URL-encoded${which}` }] : []),
      ...(base64 !== undefined ? [{ form: base64, what: `base64${which}` }] : []),
    ];
  });
}

/** Looks for the canary keys, in every form they could leak in, through every file below `root`. */
export function scanTreeForCanary(root: string, skip: (relativePath: string) => boolean = () => false): LeakHit[] {
  const hits: LeakHit[] = [];
  const forms = allForms();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(root, full);
      if (skip(relative)) {
        continue;
      }
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.isFile()) {
        const content = fs.readFileSync(full).toString('latin1');
        for (const { form, what } of forms) {
          if (content.includes(form)) {
            hits.push({ where: relative, form: what });
          }
        }
      }
    }
  };
  if (fs.existsSync(root)) {
    walk(root);
  }
  return hits;
}

export function scanTextForCanary(text: string, where: string): LeakHit[] {
  return allForms()
    .filter(({ form }) => text.includes(form))
    .map(({ what }) => ({ where, form: what }));
}
