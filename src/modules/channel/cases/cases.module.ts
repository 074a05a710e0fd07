// Placeholder: filled in by the cases slice.
import type { FastifyInstance } from 'fastify';
import type { ChannelModuleOptions } from '../channel.module.js';

export async function casesModule(_app: FastifyInstance, _opts: ChannelModuleOptions) {}
