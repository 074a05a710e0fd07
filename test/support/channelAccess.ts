// The Channel access tables' shared parts: the columns (who is asking, as demo users), reading a table into
// cells, and one signed-in client per column. Each table file keeps its own routes and how each cell is sent.
import { DEMO, type Client, type TestApp } from './testApp.js';

/** The roles every Channel route is checked against; `signedOut` is nobody. */
export const CHANNEL_USERS = {
  chair: DEMO.chair,
  member: DEMO.schoolReferrer,
  otherPanel: DEMO.panelMember,
  provider: DEMO.provider,
  otherProvider: DEMO.otherProvider,
  police: DEMO.wmOfficer,
  otherPolice: DEMO.metOfficer,
  oversight: DEMO.oversight,
  admin: DEMO.admin,
  signedOut: null,
} as const satisfies Record<string, string | null>;

export interface TableCell<C extends string = string> {
  method: 'GET' | 'POST';
  path: string;
  route: string;
  who: C;
  /** A status code, or `→in` for a redirect to the sign-in page. */
  expected: string;
}

/** The table's cells: a header of column names, then `METHOD /path` and one outcome per column on each row. */
export function parseAccessTable<C extends string = string>(text: string, columns?: readonly C[]): TableCell<C>[] {
  const [header, ...lines] = text.trim().split('\n');
  const named = header!.trim().split(/\s+/).slice(1) as C[];
  if (columns && named.join() !== columns.join()) throw new Error(`columns must be ${columns.join(' ')}`);
  return lines.flatMap((line) => {
    const [method, path, ...outcomes] = line.trim().split(/\s+/);
    if (outcomes.length !== named.length) throw new Error(`row ${method} ${path} has ${outcomes.length} cells`);
    return outcomes.map((expected, i) => ({ method: method as 'GET' | 'POST', path: path!, route: `${method} ${path}`, who: named[i]!, expected: expected! }));
  });
}

/** A client per column: signed in as its user, or signed out where the user is null. */
export async function signInColumns<C extends string>(t: TestApp, users: Readonly<Record<C, string | null>>): Promise<Map<C, Client>> {
  const clients = new Map<C, Client>();
  for (const [col, email] of Object.entries(users) as [C, string | null][]) clients.set(col, email ? await t.signIn(email) : t.client());
  return clients;
}
