import * as fs from 'node:fs';
import * as path from 'node:path';
import { canaryForms } from '../canary';

export interface LeakHit {
  where: string;
  form: string;
}

/** Looks for the canary key, in every form it could leak in, through every file below `root`. */
export function scanTreeForCanary(root: string, skip: (relativePath: string) => boolean = () => false): LeakHit[] {
  const hits: LeakHit[] = [];
  const forms = canaryForms();
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
        for (const form of forms) {
          if (content.includes(form)) {
            hits.push({ where: relative, form: describeForm(form) });
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
  return canaryForms().filter((form) => text.includes(form)).map((form) => ({ where, form: describeForm(form) }));
}

function describeForm(form: string): string {
  const [plain, urlEncoded] = canaryForms();
  if (form === plain) {
    return 'verbatim';
  }
  return form === urlEncoded ? 'URL-encoded' : 'base64';
}
