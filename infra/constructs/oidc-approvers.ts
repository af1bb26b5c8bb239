/**
 * OIDC approvers (`air:oidcApprovers`): a Cognito user pool of the people who may sign off, and a public app
 * client whose ID tokens the approval function verifies (`handlers/approvals/oidc.ts`, aws-jwt-verify). A
 * signed-in approver decides as `oidc:<sub>`; the allow-list (`air:approvers`) names them in that form.
 *
 * Only administrators create users (no self sign-up): a pool anyone could join would make "signed in" mean
 * nothing. Sign-in needs a strong password and a TOTP code (MFA required, no SMS). The pool is on the Plus
 * feature plan with threat protection enforced: sign-off authority is worth the per-user price.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";
import type { ResponderConfig } from "../config.js";

export interface OidcApproversProps {
  config: ResponderConfig;
}

export class OidcApprovers extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** The hosted UI, when `air:oidcDomainPrefix` is set. */
  readonly domain?: cognito.UserPoolDomain;
  /** Where the approval page sends people to sign in, when the domain and the callback URL are both known. */
  readonly signInUrl?: string;

  constructor(scope: Construct, id: string, props: OidcApproversProps) {
    super(scope, id);
    const { config } = props;
    this.userPool = new cognito.UserPool(this, "UserPool", {
      userPoolName: `${config.resourcePrefix}-approvers`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      // The approvers' accounts and TOTP enrolments outlive a stack update or delete.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const callbackUrl = config.oidcCallbackUrl;
    this.client = this.userPool.addClient("ApprovalPageClient", {
      userPoolClientName: `${config.resourcePrefix}-approval-page`,
      // A browser client: no secret; the approval function only verifies the ID tokens it is shown.
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      // Short-lived: a stolen ID token is useless within minutes, and still needs a live approval link.
      idTokenValidity: Duration.minutes(15),
      accessTokenValidity: Duration.minutes(15),
      refreshTokenValidity: Duration.hours(8),
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      ...(callbackUrl
        ? {
            oAuth: {
              // The hosted UI returns the ID token in the URL fragment to the approval page, which the
              // server never sees in logs; the page posts it with the decision.
              flows: { implicitCodeGrant: true },
              scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
              callbackUrls: [callbackUrl],
            },
          }
        : { disableOAuth: true }),
    });

    if (config.oidcDomainPrefix) {
      this.domain = this.userPool.addDomain("HostedUi", {
        cognitoDomain: { domainPrefix: config.oidcDomainPrefix },
      });
      if (callbackUrl) {
        this.signInUrl =
          `${this.domain.baseUrl()}/login` +
          `?client_id=${this.client.userPoolClientId}&response_type=token&scope=openid+email` +
          `&redirect_uri=${encodeURIComponent(callbackUrl)}`;
      }
    }
  }
}
