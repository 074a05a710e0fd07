// Placeholder: filled in by the providerWork slice.
import type { FastifyInstance } from 'fastify';
import type { ChannelModuleOptions } from '../channel.module.js';

export async function providerWorkModule(_app: FastifyInstance, _opts: ChannelModuleOptions) {}
