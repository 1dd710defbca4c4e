import { z } from 'zod';
import { BROKER_IDS } from '#src/brokers/contract';
import { safeText } from '../auth/schemas';

/** A broker account as returned: no credentials, no session, ever. */
export const brokerAccountSchema = z.object({
  id: z.string(),
  userId: z.string(),
  broker: z.string(),
  label: z.string(),
  brokerClientId: z.string(),
  mode: z.enum(['paper', 'live']),
  effectiveMode: z.enum(['paper', 'live']),
  modeReason: z.string().nullable(),
  tokenState: z.string(),
  tokenExpiresAt: z.number().nullable(),
  hasCredentials: z.boolean(),
  halted: z.boolean(),
  adminForcedPaper: z.boolean(),
  createdAt: z.number(),
});

export const credentialsSchema = z.object({
  appId: safeText(200),
  appSecret: safeText(500),
  redirectUri: z.url().max(500),
});

export const createBody = z.object({
  broker: z.enum(BROKER_IDS),
  label: safeText(80),
  brokerClientId: safeText(64),
  credentials: credentialsSchema.optional(),
});

export const updateBody = z.object({
  label: safeText(80).optional(),
  mode: z.enum(['paper', 'live']).optional(),
  credentials: credentialsSchema.optional(),
});
