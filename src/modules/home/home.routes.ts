// The signed-in home page: what this user can do next, and what needs attention, counted in SQL for the
// user's own organisation (the Prevent team's queue and monitoring, a receiving service's follow-ups) and the
// user's own unread notifications, and for a Channel panel's users the cases referred to their panel.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { hasRole } from '../../platform/access/actor.js';
import { policy } from '../../platform/access/policy.js';
import { render } from '../../platform/views/views.js';
import { londonDate } from '../../platform/workingDays.js';
import { unreadNotifications } from '../monitoring/monitoring.repository.js';
import { countForPanel } from '../channel/channel.repository.js';
import { forceCounts, receiverCounts, unreadCount, upcomingPanelMeetings } from './home.repository.js';

export async function homeRoutes(app: FastifyInstance, opts: { db: Db }) {
  const { db } = opts;
  app.get('/dashboard', async (request, reply) => {
    const actor = request.actor;
    if (actor.kind !== 'user') return reply.redirect('/sign-in', 303);
    const canTriage = policy.canViewTriageQueue(actor);
    const today = londonDate(new Date());
    const onPanel = policy.canViewChannelReferral(actor, actor.organisation.id);
    const [force, receiving, unread, notifications, channelReferrals, panelMeetings] = await Promise.all([
      canTriage ? forceCounts(db, actor.organisation.id, today) : Promise.resolve(null),
      policy.canReceiveFollowUps(actor) ? receiverCounts(db, actor.organisation.id) : Promise.resolve(null),
      unreadCount(db, actor.userId),
      unreadNotifications(db, actor.userId, 10),
      onPanel ? countForPanel(db, actor.organisation.id) : Promise.resolve(null),
      upcomingPanelMeetings(db, actor.userId, new Date()),
    ]);
    return render(request, reply, 'home/views/dashboard.njk', {
      title: 'Home',
      canTriage,
      canRefer: policy.canMakeProfessionalReferral(actor),
      isSupervisor: canTriage && hasRole(actor, 'prevent_supervisor'),
      force,
      // Only organisations that have follow-ups addressed to them see the section.
      receiving: receiving && receiving.open > 0 ? receiving : null,
      unread,
      notifications,
      // A Channel panel's chair and members: the cases the police referred to their local authority's panel.
      onPanel,
      channelReferrals,
      // Standing members of a Channel panel: its next meetings, and the pack once published.
      panelMeetings,
    });
  });
}
