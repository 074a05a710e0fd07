import path from 'node:path';
import fc from 'fast-check';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../paths.js';
import { addKeptComponents, componentMacroPath } from './keptComponents.js';

const govuk = path.join(projectRoot, 'node_modules/govuk-frontend/dist');

function environment(maxCharacters?: number) {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([govuk]), { autoescape: true });
  const keptCharacters = addKeptComponents(env, maxCharacters);
  return Object.assign(env, { keptCharacters });
}

/** The component drawn by its own macro, and through the kept global. */
function both(env: nunjucks.Environment, name: string, params: unknown) {
  const ctx = { params };
  return {
    macro: env.renderString(`{% from "${componentMacroPath(name)}" import ${name} %}{{ ${name}(params) }}`, ctx),
    kept: env.renderString(`{{ keptComponent("${name}", params) }}`, ctx),
  };
}

const item = fc.record(
  {
    value: fc.string({ maxLength: 8 }),
    text: fc.string({ maxLength: 12 }),
    checked: fc.boolean(),
    selected: fc.boolean(),
    hint: fc.option(fc.record({ text: fc.string({ maxLength: 10 }) }), { nil: undefined }),
  },
  { requiredKeys: ['value', 'text'] },
);

describe('kept GOV.UK components', () => {
  it('names the macro file of a component', () => {
    expect(componentMacroPath('govukServiceNavigation')).toBe('govuk/components/service-navigation/macro.njk');
    expect(componentMacroPath('govukButton')).toBe('govuk/components/button/macro.njk');
    expect(() => componentMacroPath('../secrets')).toThrow(/Not a GOV.UK component/);
  });

  it('draws exactly what the macro draws, first time and kept, for any parameters', () => {
    const env = environment();
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), fc.constantFrom('govukCheckboxes', 'govukSelect', 'govukRadios'), fc.string({ maxLength: 10 }), (items, name, label) => {
        const params = { name: 'f', idPrefix: 'f', id: 'f', label: { text: label }, fieldset: { legend: { text: label } }, items };
        const first = both(env, name, params);
        expect(first.kept).toBe(first.macro);
        expect(both(env, name, params).kept).toBe(first.macro);
      }),
      { numRuns: 150 },
    );
  });

  it('escapes what is text and keeps what is marked safe, as the macro does', () => {
    const env = environment();
    const text = both(env, 'govukButton', { text: '<b>Go</b>' });
    const html = both(env, 'govukButton', { html: new nunjucks.runtime.SafeString('<b>Go</b>') });
    expect(text.kept).toBe(text.macro);
    expect(text.kept).toContain('&lt;b&gt;Go&lt;/b&gt;');
    expect(html.kept).toBe(html.macro);
    expect(html.kept).toContain('<b>Go</b>');
  });

  it('never gives one set of parameters the HTML of another that JSON would write the same', () => {
    const env = environment();
    // `default` replaces undefined, not null: the two draw different messages.
    const withUndefined = both(env, 'govukErrorMessage', { text: 'Enter a date', visuallyHiddenText: undefined });
    const withNull = both(env, 'govukErrorMessage', { text: 'Enter a date', visuallyHiddenText: null });
    expect(withUndefined.kept).toBe(withUndefined.macro);
    expect(withNull.kept).toBe(withNull.macro);
    expect(withNull.kept).not.toBe(withUndefined.kept);
    const list = (items: unknown[]) => both(env, 'govukSelect', { id: 's', name: 's', label: { text: 'S' }, items });
    for (const items of [[{ value: 'a', text: 'A' }, undefined], [{ value: 'a', text: 'A' }, null]]) expect(list(items).kept).toBe(list(items).macro);
  });

  it('refuses parameters that are not plain data rather than keep them under a wrong key', () => {
    const env = environment();
    for (const text of [new Date(0), Number.NaN, () => 'x']) {
      expect(() => env.renderString('{{ keptComponent("govukButton", { text: v }) }}', { v: text })).toThrow(/plain data/);
    }
    expect(() => env.renderString('{{ keptComponent("govukNoSuchThing", {}) }}', {})).toThrow();
  });

  it('keeps no more than its bound, and draws again what it let go', () => {
    const env = environment(3_000);
    const first = both(env, 'govukButton', { text: 'Button 0' });
    for (let i = 1; i < 50; i++) both(env, 'govukButton', { text: `Button ${i}` });
    expect(env.keptCharacters()).toBeGreaterThan(2_000);
    expect(env.keptCharacters()).toBeLessThanOrEqual(3_000);
    expect(both(env, 'govukButton', { text: 'Button 0' }).kept).toBe(first.macro);
  });
});
