import { z } from 'zod';

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(['trader', 'ops', 'admin', 'super_admin']),
});

export const loginBody = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(256),
});

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string().optional(),
  code: z.string().optional(),
});
