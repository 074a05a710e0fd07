// Placeholder: filled in by the meetings slice.
import type { FastifyInstance } from 'fastify';
import type { ChannelModuleOptions } from '../channel.module.js';

export async function meetingsModule(_app: FastifyInstance, _opts: ChannelModuleOptions) {}
