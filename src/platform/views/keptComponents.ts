// GOV.UK components that many requests draw with the same parameters (the header, the service navigation, a
// queue's filter controls), rendered once for each distinct set of parameters and kept. A GOV.UK macro imported
// without context sees no template variables, so its HTML is a function of its parameters alone: what is kept is
// exactly what the macro would draw again. On the busiest list page (the triage queue) the filter controls were
// half of the rendering.
//
// The kept HTML outlives the request, so templates use `keptComponent` only where the parameters hold nothing
// about the people referred: labels, links, filter choices, staff names at most. Everything else calls the
// macro itself.
import { LRUCache } from 'lru-cache';
import nunjucks from 'nunjucks';

type Macro = (params: unknown) => nunjucks.runtime.SafeString;
// Nunjucks' own method (what `{% from %}` uses), missing from its type definitions.
type WithExports = { getExported(cb: (err: Error | null, exported: Record<string, unknown>) => void): void };

/** Characters of kept HTML: a few hundred components' worth. */
export const KEPT_COMPONENT_CHARACTERS = 2_000_000;

/** "govukServiceNavigation" → "govuk/components/service-navigation/macro.njk". */
export function componentMacroPath(name: string): string {
  if (!/^govuk[A-Z][A-Za-z]*$/.test(name)) throw new Error(`Not a GOV.UK component macro: ${name}`);
  const folder = name.slice('govuk'.length).replace(/[A-Z]/g, (c, at: number) => `${at ? '-' : ''}${c.toLowerCase()}`);
  return `govuk/components/${folder}/macro.njk`;
}

// Parameters that differ must never share a key. JSON would write undefined in a list as null, and the macros
// tell the two apart (`default` replaces only undefined); it would write a date as its ISO text, NaN as null
// and drop a function. So undefined gets a mark of its own and anything but plain data is refused.
const isPlainObject = (o: object) => [Object.prototype, null].includes(Object.getPrototypeOf(o) as object | null);

function keyValue(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw === undefined) return { '\u0000': 'undefined' };
  if (raw === null || typeof raw === 'string' || typeof raw === 'boolean') return value;
  if (typeof raw === 'number' && Number.isFinite(raw)) return value;
  if (typeof raw === 'object' && (Array.isArray(raw) || raw instanceof nunjucks.runtime.SafeString || isPlainObject(raw))) return value;
  throw new Error(`A kept component’s parameters must be plain data; "${key}" is not`);
}

/**
 * Adds the `keptComponent(name, params)` global: the named GOV.UK macro's HTML for these parameters. Returns how
 * many characters are kept.
 */
export function addKeptComponents(env: nunjucks.Environment, maxCharacters = KEPT_COMPONENT_CHARACTERS): () => number {
  const macros = new Map<string, Macro>();
  const macroNamed = (name: string): Macro => {
    let macro = macros.get(name);
    if (!macro) {
      // The loader is synchronous, so the macro file's exports are there when getExported returns.
      (env.getTemplate(componentMacroPath(name), true) as unknown as WithExports).getExported((err, exported) => {
        if (err) throw err;
        macro = exported[name] as Macro | undefined;
      });
      if (typeof macro !== 'function') throw new Error(`${componentMacroPath(name)} does not define ${name}`);
      macros.set(name, macro);
    }
    return macro;
  };
  const kept = new LRUCache<string, string>({ maxSize: maxCharacters, sizeCalculation: (html, key) => html.length + key.length });
  env.addGlobal('keptComponent', (name: string, params: unknown) => {
    const key = `${name}\u0000${JSON.stringify(params, keyValue)}`;
    let html = kept.get(key);
    if (html === undefined) {
      html = String(macroNamed(name)(params));
      kept.set(key, html);
    }
    return new nunjucks.runtime.SafeString(html);
  });
  return () => kept.calculatedSize;
}
