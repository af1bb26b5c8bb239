/**
 * Turns a synthesized CloudFormation template into concrete values for offline simulation: pseudo
 * parameters, `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::Select` and `Fn::Split` resolve to the names
 * and ARNs the resources would get in one account and Region. Physical names are derived from logical ids,
 * the same way in every reference, so an ARN in a policy and the name in a function's environment agree.
 */

export interface Account {
  partition: string;
  region: string;
  account: string;
}

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
}
export interface TemplateJson {
  Resources: Record<string, TemplateResource>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
}

export class TemplateResolver {
  constructor(
    readonly template: TemplateJson,
    readonly where: Account,
  ) {}

  private resource(id: string): TemplateResource {
    const r = this.template.Resources[id];
    if (!r) throw new Error(`template: no resource with logical id ${id}`);
    return r;
  }

  /** The physical name: the name property when the template sets one, else one derived from the id. */
  name(id: string): string {
    const r = this.resource(id);
    const props = r.Properties ?? {};
    for (const key of [
      "TableName",
      "BucketName",
      "QueueName",
      "TopicName",
      "FunctionName",
      "RoleName",
      "Name",
    ]) {
      const v = props[key];
      if (typeof v === "string") return v;
    }
    const base = `air-${id.toLowerCase().slice(0, 40)}`;
    return r.Type === "AWS::SQS::Queue" && props.FifoQueue === true ? `${base}.fifo` : base;
  }

  private arn(service: string, rest: string, region = this.where.region, account = this.where.account) {
    return `arn:${this.where.partition}:${service}:${region}:${account}:${rest}`;
  }

  ref(id: string): string {
    switch (id) {
      case "AWS::Partition":
        return this.where.partition;
      case "AWS::Region":
        return this.where.region;
      case "AWS::AccountId":
        return this.where.account;
      case "AWS::URLSuffix":
        return "amazonaws.com";
      case "AWS::StackName":
        return "AirResponder";
    }
    const r = this.template.Resources[id];
    if (!r) return `param-${id}`;
    const name = this.name(id);
    switch (r.Type) {
      case "AWS::SQS::Queue":
        return `https://sqs.${this.where.region}.amazonaws.com/${this.where.account}/${name}`;
      case "AWS::SNS::Topic":
        return this.arn("sns", name);
      case "AWS::SecretsManager::Secret":
        return this.arn("secretsmanager", `secret:${name}-AbCdEf`);
      case "AWS::KMS::Key":
        return `${id.toLowerCase()}-0000-key`;
      case "AWS::Cognito::UserPool":
        return `${this.where.region}_Abc${id.replace(/[^A-Za-z0-9]/g, "").slice(0, 6)}`;
      case "AWS::Cognito::UserPoolClient":
        return id
          .toLowerCase()
          .replace(/[^0-9a-z]/g, "")
          .slice(0, 26);
      default:
        return name;
    }
  }

  getAtt(id: string, attr: string): string {
    const r = this.resource(id);
    const name = this.name(id);
    if (attr === "Arn" || attr === "TopicArn") {
      switch (r.Type) {
        case "AWS::DynamoDB::Table":
        case "AWS::DynamoDB::GlobalTable":
          return this.arn("dynamodb", `table/${name}`);
        case "AWS::S3::Bucket":
          return `arn:${this.where.partition}:s3:::${name}`;
        case "AWS::SQS::Queue":
          return this.arn("sqs", name);
        case "AWS::SNS::Topic":
          return this.arn("sns", name);
        case "AWS::KMS::Key":
          return this.arn("kms", `key/${this.ref(id)}`);
        case "AWS::IAM::Role":
          return this.arn("iam", `role/${name}`, "");
        case "AWS::Lambda::Function":
          return this.arn("lambda", `function:${name}`);
        case "AWS::Logs::LogGroup":
          return this.arn("logs", `log-group:${name}:*`);
        case "AWS::Scheduler::ScheduleGroup":
          return this.arn("scheduler", `schedule-group/${name}`);
        case "AWS::Cognito::UserPool":
          return this.arn("cognito-idp", `userpool/${this.ref(id)}`);
        case "AWS::SecretsManager::Secret":
          return this.ref(id);
      }
    }
    if (attr === "QueueUrl") return this.ref(id);
    if (attr === "QueueName" || attr === "TopicName") return name;
    if (attr === "FunctionUrl") return `https://${id.toLowerCase()}.lambda-url.${this.where.region}.on.aws/`;
    return `${id}.${attr}`;
  }

  /** Resolves every intrinsic function in a value. */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== "object") return value;
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const arg = o[key];
      switch (key) {
        case "Ref":
          return this.ref(String(arg));
        case "Fn::GetAtt": {
          const [id, attr] = Array.isArray(arg) ? arg : String(arg).split(".");
          return this.getAtt(String(id), String(attr));
        }
        case "Fn::Join": {
          const [sep, parts] = arg as [string, unknown[]];
          return (this.resolve(parts) as unknown[]).map(String).join(sep);
        }
        case "Fn::Select": {
          const [i, list] = arg as [unknown, unknown];
          return (this.resolve(list) as unknown[])[Number(this.resolve(i))];
        }
        case "Fn::Split": {
          const [sep, s] = arg as [string, unknown];
          return String(this.resolve(s)).split(sep);
        }
        case "Fn::Sub":
          return this.sub(arg);
        case "Fn::FindInMap": {
          const [map, top, second] = (this.resolve(arg) as unknown[]).map(String) as [string, string, string];
          const value = this.template.Mappings?.[map]?.[top]?.[second];
          if (value === undefined) throw new Error(`template: no mapping ${map}.${top}.${second}`);
          return value;
        }
      }
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, this.resolve(v)]));
  }

  private sub(arg: unknown): string {
    const [text, vars] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [String(arg), {}];
    return text.replace(/\$\{([^}]+)\}/g, (_, ref: string) => {
      if (ref in vars) return String(this.resolve(vars[ref]));
      const dot = ref.indexOf(".");
      if (dot > 0 && !ref.startsWith("AWS::")) return this.getAtt(ref.slice(0, dot), ref.slice(dot + 1));
      return this.ref(ref);
    });
  }
}
