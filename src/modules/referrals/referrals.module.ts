// The referrals module: public form, professional form, police pages and the JSON API.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import type { GatewayService } from '../gateway/gateway.service.js';
import { createReferralService } from './referrals.service.js';
import { publicReferralRoutes } from './public.routes.js';
import { professionalReferralRoutes } from './professional.routes.js';
import { staffReferralRoutes } from './staff.routes.js';
import { referralApi } from './referrals.api.js';
import { triageApi } from './triage.api.js';

export async function referralModule(app: FastifyInstance, opts: { db: Db; config: Config; gateway: GatewayService }) {
  const service = createReferralService(opts.db, { triageTargetWorkingDays: opts.config.triageTargetWorkingDays });
  await app.register(publicReferralRoutes, { service, postsPerHour: opts.config.publicReferralsPerHour });
  await app.register(professionalReferralRoutes, { db: opts.db, service });
  // The queue's "Assign to me" is the gateway's assign step, with its checks, event and audit.
  await app.register(staffReferralRoutes, { db: opts.db, service, gateway: opts.gateway });
  await app.register(referralApi, { service, requestsPerMinute: opts.config.apiReferralsPerMinute });
  await app.register(triageApi, { service });
}
