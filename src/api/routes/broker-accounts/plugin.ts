import type { FastifyError, FastifyRequest } from 'fastify';
import { type FastifyPluginAsyncZod, hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Accounts } from '#src/accounts';
import { currentUser } from '../../plugins/auth';
import { safeText, uuidParam } from '../auth/schemas';
import { brokerAccountSchema, createBody, updateBody } from './schemas';

const tags = ['broker-accounts'];
const one = z.object({ account: brokerAccountSchema });

/** The web app's broker accounts page (the static export serves it with a trailing slash). */
const ACCOUNTS_PAGE = '/accounts/';
const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

/** Whether the request is a browser navigation, which wants a page rather than JSON. */
const wantsPage = (req: FastifyRequest): boolean => (req.headers.accept ?? '').includes('text/html');

const hasClientErrorStatus = (err: FastifyError): boolean =>
  typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500;

/** The stable code the page explains (the same code the problem+json body would carry). */
function errorCodeOf(err: FastifyError): string {
  if (hasZodFastifySchemaValidationErrors(err)) return 'VALIDATION_FAILED';
  if (hasClientErrorStatus(err) && CODE.test(err.code ?? '')) return err.code;
  return hasClientErrorStatus(err) ? 'BAD_REQUEST' : 'INTERNAL';
}

/**
 * The signed-in trader's broker accounts (row-level: own accounts only): add with encrypted app credentials,
 * choose paper or live, connect through the broker's OAuth login, disconnect, remove. Secrets never come back.
 */
export const brokerAccountRoutes: FastifyPluginAsyncZod<{ accounts: Accounts }> = async (app, opts) => {
  const svc = opts.accounts.brokerAccounts;
  const read = { config: { permission: 'self:read' as const } };
  const write = { config: { permission: 'self:write' as const } };

  app.get(
    '',
    { ...read, schema: { tags, response: { 200: z.object({ accounts: z.array(brokerAccountSchema) }) } } },
    async (req) => ({
      accounts: await svc.list(currentUser(req).id),
    }),
  );
  app.post('', { ...write, schema: { tags, body: createBody, response: { 201: one } } }, async (req, reply) => {
    const userId = currentUser(req).id;
    // Without a subscription a trader may still prepare one account; a plan sets the limit.
    const plan = await opts.accounts.subscriptions.activePlan(userId);
    const account = await svc.create({ ...req.body, userId, maxAccounts: plan?.maxBrokerAccounts ?? 1 });
    return reply.status(201).send({ account });
  });
  // The broker redirects the browser here; the signed single-use state names the user and account. Fyers sends
  // its code as `auth_code` (its `code` is a status, "200"), other brokers as `code`.
  const callbackQuery = z.object({
    code: safeText(2000),
    auth_code: safeText(2000).optional(),
    state: safeText(1000),
  });
  // A browser is sent back to the web app's accounts page (303, so a reload does not replay the spent state);
  // an API client keeps the JSON account or the problem+json error.
  app.get(
    '/oauth/callback',
    {
      config: { permission: 'public' },
      schema: { tags, querystring: callbackQuery, response: { 200: one } },
      errorHandler: (err, req, reply) => {
        if (!wantsPage(req)) throw err; // on to the problem+json handler, as for every route
        if (!hasClientErrorStatus(err)) req.log.error({ err }, 'broker login callback failed');
        return reply.redirect(`${ACCOUNTS_PAGE}?error=${encodeURIComponent(errorCodeOf(err))}`, 303);
      },
    },
    async (req, reply) => {
      const account = await svc.callback({ code: req.query.auth_code ?? req.query.code, state: req.query.state });
      if (wantsPage(req)) return reply.redirect(`${ACCOUNTS_PAGE}?connected=${encodeURIComponent(account.id)}`, 303);
      return { account };
    },
  );
  app.get('/:id', { ...read, schema: { tags, params: uuidParam, response: { 200: one } } }, async (req) => ({
    account: await svc.get(req.params.id, currentUser(req).id),
  }));
  app.patch(
    '/:id',
    { ...write, schema: { tags, params: uuidParam, body: updateBody, response: { 200: one } } },
    async (req) => ({
      account: await svc.update({ ...req.body, id: req.params.id, userId: currentUser(req).id }),
    }),
  );
  app.delete(
    '/:id',
    { ...write, schema: { tags, params: uuidParam, response: { 204: z.null() } } },
    async (req, reply) => {
      await svc.archive({ id: req.params.id, userId: currentUser(req).id });
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/:id/connect',
    { ...write, schema: { tags, params: uuidParam, response: { 200: z.object({ authorizeUrl: z.string() }) } } },
    async (req) => svc.connect({ id: req.params.id, userId: currentUser(req).id }),
  );
  app.post(
    '/:id/disconnect',
    { ...write, schema: { tags, params: uuidParam, response: { 200: one } } },
    async (req) => ({
      account: await svc.disconnect({ id: req.params.id, userId: currentUser(req).id }),
    }),
  );
};
