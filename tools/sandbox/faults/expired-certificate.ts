/**
 * expired-certificate: the TLS certificate on a load balancer's listener expires (imported, so ACM never
 * renewed it). Every client handshake fails: ClientTLSNegotiationErrorCount jumps, requests reaching the
 * targets drop, and our services calling it log SSLHandshakeExceptions. A human must import a new one.
 */
import { z } from "zod";
import { addEffect } from "../data-resources.js";
import { intBetween } from "../random.js";
import { isoAt, serviceEffects } from "../world.js";
import { javaDate, must, pkgOf } from "./helpers.js";
import { defineFault } from "./types.js";

export const expiredCertificate = defineFault({
  kind: "expired-certificate",
  summary: "A load balancer's TLS certificate expires; handshakes fail. Renew or import it: escalate.",
  targetType: "load-balancer",
  params: z.strictObject({
    /** Share of the balancer's clients that fail (all of them, unless some pin an old session). */
    failingShare: z.number().min(0).max(1).default(0.95),
    /** Share of a caller's requests that need the balancer's service. */
    callerShare: z.number().min(0).max(1).default(0.4),
  }),
  start(ctx) {
    const lb = must(
      ctx.world.loadBalancers.get(ctx.target),
      "expired-certificate",
      "load balancer",
      ctx.target,
    );
    lb.certificateNotAfter = isoAt(ctx.nowMs);
    return { expiredAt: ctx.nowMs };
  },
  tick(ctx, state) {
    const lb = ctx.world.loadBalancers.get(ctx.target);
    if (!lb || Date.parse(lb.certificateNotAfter) > ctx.nowMs) return;
    const service = ctx.world.services.get(lb.service);
    const requests = service?.traffic.requestsPerMinute ?? 0;
    addEffect(ctx.world.effects.resources, lb.name, "tlsErrors", requests * ctx.params.failingShare);
    serviceEffects(ctx.world, lb.service).trafficFactor *= 1 - ctx.params.failingShare;
    const callers = [...ctx.world.services.values()].filter(
      (s) => !s.external && s.dependencies.includes(lb.service),
    );
    for (const caller of callers) {
      serviceEffects(ctx.world, caller.name).errorRate += ctx.params.callerShare * ctx.params.failingShare;
      const n = intBetween(ctx.rand, 2, 4);
      for (let i = 0; i < n; i++) {
        ctx.log(
          caller.name,
          "ERROR",
          `ERROR [http-nio-8080-exec-${intBetween(ctx.rand, 1, 48)}] ${pkgOf(caller.name)}.clients.${lb.service.replace(/-/g, "")}Client - Call to https://${lb.domain}/v1 failed: javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed: java.security.cert.CertificateExpiredException: NotAfter: ${javaDate(state.expiredAt)}`,
        );
      }
    }
  },
  resolved(ctx) {
    const lb = ctx.world.loadBalancers.get(ctx.target);
    return lb !== undefined && Date.parse(lb.certificateNotAfter) > ctx.nowMs;
  },
});
