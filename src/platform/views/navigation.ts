import { hasRole, type Actor } from '../access/actor.js';
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
    // Channel: the chair's dashboard; meetings for Channel staff and the police (other agencies' members find
    // their meetings on their dashboard); the register; the providers' own work.
    if (hasRole(actor, 'channel_chair')) items.push({ href: '/channel', text: 'Channel' });
    if (hasRole(actor, 'channel_chair', 'panel_member') || policy.canViewTriageQueue(actor)) items.push({ href: '/channel/meetings', text: 'Panel meetings' });
    if (policy.canCreatePanel(actor)) items.push({ href: '/channel/panels', text: 'Channel panels' });
    if (policy.canViewProviderRegister(actor)) items.push({ href: '/channel/providers', text: 'Intervention Providers' });
    if (hasRole(actor, 'provider')) items.push({ href: '/provider/interventions', text: 'Your interventions' });
    if (policy.canViewStatistics(actor)) items.push({ href: '/statistics', text: 'Statistics' });
    items.push({ href: '/sign-out', text: 'Sign out' });
  }
  const path = currentUrl.split('?')[0] ?? '';
  return items.map((i) => ({ ...i, active: i.href !== '/' && (path === i.href || path.startsWith(`${i.href}/`)) }));
}
