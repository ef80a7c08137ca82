# Everything that differs between environments, and nothing else: the data and compute root
# modules beside this directory are identical in all four environments (a contract test checks it).
locals {
  environment = "prod"
  # Placeholder: the real account id of the prod account, also in ../data/backend.tf and
  # ../compute/backend.tf (the contract test checks that the three agree).
  account_id = "444444444444"
  region     = "us-west-2"

  # The IDP of this environment: the roles that invoke proofing aliases and read hand-off secrets,
  # and the hosts that proofing callbacks may go to.
  idp_principal_arns     = ["arn:aws:iam::444444444444:role/prod-idp-application"]
  callback_allowed_hosts = ["secure.identity.example.gov"]
  # Origins of the IDP's document capture pages: the document bucket's CORS rule lets them PUT images.
  document_upload_origins = ["https://secure.identity.example.gov"]

  # Real proofing vendors (lexisnexis, aamva, acuant) whose Secrets Manager secret the data root creates.
  # A vendor goes here first; its secret is set; only then may proofing_vendors below choose it
  # (docs/runbooks/proofing-launch.md). Removing one fails the plan: secrets are never destroyed.
  proofing_vendor_secrets = ["lexisnexis", "aamva", "acuant"]

  # The messages service's data: the SES domain mail is sent from (verify it with the DKIM tokens the data
  # root outputs), the account's monthly SMS spend cap in USD, and no default SMS sender id.
  messages = {
    mail_domain             = "messages.identity.example.gov"
    sms_monthly_spend_limit = 100
    sms_sender_id           = null
  }

  compute = {
    # The messages API: mail from this address in the SES domain above; no custom domain (set one with
    # mutual_tls to require client certificates, modules/http_api).
    messages = {
      mail_from     = "no-reply@messages.identity.example.gov"
      custom_domain = null
    }
    # Each must be a value its app's configSchema accepts (ADDRESS_VENDOR, RESOLUTION_VENDOR,
    # STATE_ID_VENDOR, DOCUMENT_VENDOR), and a real vendor must be in proofing_vendor_secrets with its
    # secret set; the contract test and the plan check both. Prod never runs a mock: the plan and the
    # functions refuse one (docs/runbooks/proofing-launch.md says what must exist before the first apply).
    proofing_vendors = { address = "lexisnexis", resolution = "lexisnexis", state_id = "aamva", document = "acuant" }
    function_sizes = {
      "proof-address"    = { memory_size = 1024, reserved_concurrency = 100 }
      "proof-resolution" = { memory_size = 1024, reserved_concurrency = 100 }
      "proof-document"   = { memory_size = 1024, reserved_concurrency = 100 }
      "proofing-failure" = { memory_size = 512, reserved_concurrency = 10 }
    }
    log_level          = "INFO"
    log_retention_days = 365
    tracing_mode       = "Active"
    errors_alarm       = { threshold = 1, evaluation_periods = 1, period_seconds = 300 }
    # Addresses that get alarm emails; each confirms its subscription once.
    alarm_email_addresses = []
    # Every release alias stays until listed here (first 10 characters of the SHA), once no IDP pins
    # it any more (docs/runbooks/deploy-release.md).
    retired_releases = []
    # The OAuth 2.0 issuer of the boards' machine clients (client credentials) and the audiences (app client
    # ids) the licensing API accepts. Placeholder: the user pool of this environment.
    licensing_api = {
      jwt_issuer   = "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_licensingprod"
      jwt_audience = ["licensing-api"]
    }
    # The accounts service: mails come from this address of a verified SES domain identity; logins also get
    # a Cognito developer identity when federate_logins is on.
    accounts = {
      mail_from       = "no-reply@identity.example.gov"
      mail_domain     = "identity.example.gov"
      federate_logins = true
    }
    # The licensing read side's ALB and public API (terraform/services/licensing read_api.tf). Placeholders: the
    # ACM certificate of the API's domain, and the VPC and subnets (two zones) of this environment's network.
    # Mails come from the accounts service's verified SES domain; the link opens the practitioner app's page.
    licensing_read_api = {
      certificate_arn           = "arn:aws:acm:us-west-2:444444444444:certificate/00000000-0000-0000-0000-000000000013"
      vpc_id                    = "vpc-04444444licensing"
      subnet_ids                = ["subnet-04444444licensinga", "subnet-04444444licensingb"]
      ingress_cidrs             = ["0.0.0.0/0"]
      mail_from                 = "no-reply@identity.example.gov"
      mail_domain               = "identity.example.gov"
      registration_continue_url = "https://app.identity.example.gov/provider/registration/continue"
      recaptcha_hostnames       = ["app.identity.example.gov"]
    }
  }
}
