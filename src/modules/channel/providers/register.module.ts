// Placeholder: filled in by the register slice.
import type { FastifyInstance } from 'fastify';
import type { ChannelModuleOptions } from '../channel.module.js';

export async function registerModule(_app: FastifyInstance, _opts: ChannelModuleOptions) {}
