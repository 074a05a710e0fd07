// The Channel module (CTSA 2015 ss.36-38). Each part is its own folder with its routes, API, rules, SQL and
// templates: panels and members (panels/), meetings, agendas, packs and decisions (meetings/), the case record
// with assessments, consent, support plan and post-exit reviews (cases/), the register of Intervention Providers
// and the providers' own view of their work (providers/). The list of police referrals to a panel is here.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { channelRoutes } from './channel.routes.js';
import { createChannelService } from './channel.service.js';
import { casesModule } from './cases/cases.module.js';
import { meetingsModule } from './meetings/meetings.module.js';
import { panelsModule } from './panels/panels.module.js';
import { providerWorkModule } from './providers/providerWork.module.js';
import { registerModule } from './providers/register.module.js';

export interface ChannelModuleOptions {
  db: Db;
  config: Config;
}

export async function channelModule(app: FastifyInstance, opts: ChannelModuleOptions) {
  await app.register(channelRoutes, { service: createChannelService(opts.db) });
  await app.register(panelsModule, opts);
  await app.register(meetingsModule, opts);
  await app.register(casesModule, opts);
  await app.register(registerModule, opts);
  await app.register(providerWorkModule, opts);
}
