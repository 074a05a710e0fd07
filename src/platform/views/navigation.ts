import type { Actor } from '../access/actor.js';
import { policy } from '../access/policy.js';

interface NavItem {
  href: string;
  text: string;
  active?: boolean;
}

/** Service navigation links for what this actor may do. */
export function navigationFor(actor: Actor, currentUrl: string): NavItem[] {
  const items: NavItem[] = [];
  if (actor.kind !== 'user') {
    items.push({ href: '/refer', text: 'Report a concern' }, { href: '/sign-in', text: 'Staff sign in' });
  } else {
    items.push({ href: '/dashboard', text: 'Home' });
    if (policy.canViewTriageQueue(actor)) items.push({ href: '/triage', text: 'Triage queue' });
    if (policy.canMakeProfessionalReferral(actor)) items.push({ href: '/referrals/mine', text: 'My referrals' });
    items.push({ href: '/sign-out', text: 'Sign out' });
  }
  const path = currentUrl.split('?')[0] ?? '';
  return items.map((i) => ({ ...i, active: i.href !== '/' && (path === i.href || path.startsWith(`${i.href}/`)) }));
}
