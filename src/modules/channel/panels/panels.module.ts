// Placeholder: filled in by the panels slice.
import type { FastifyInstance } from 'fastify';
import type { ChannelModuleOptions } from '../channel.module.js';

export async function panelsModule(_app: FastifyInstance, _opts: ChannelModuleOptions) {}
