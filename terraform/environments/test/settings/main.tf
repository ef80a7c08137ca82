# Everything that differs between environments, and nothing else: the data and compute root
# modules beside this directory are identical in all four environments (a contract test checks it).
locals {
  environment = "test"
  # Placeholder: the real account id of the test account, also in ../data/backend.tf and
  # ../compute/backend.tf (the contract test checks that the three agree).
  account_id = "222222222222"
  region     = "us-west-2"

  # The IDP of this environment: the roles that invoke proofing aliases and read hand-off secrets,
  # and the hosts that proofing callbacks may go to.
  idp_principal_arns     = ["arn:aws:iam::222222222222:role/test-idp-application"]
  callback_allowed_hosts = ["idp.test.identity.example.gov"]
  # Origins of the IDP's document capture pages: the document bucket's CORS rule lets them PUT images.
  document_upload_origins = ["https://idp.test.identity.example.gov"]

  # Real proofing vendors (lexisnexis, aamva, acuant) whose Secrets Manager secret the data root creates.
  # A vendor goes here first; its secret is set; only then may proofing_vendors below choose it
  # (docs/runbooks/proofing-launch.md). Removing one fails the plan: secrets are never destroyed.
  proofing_vendor_secrets = []

  # The messages service's data: the SES domain mail is sent from (verify it with the DKIM tokens the data
  # root outputs), the account's monthly SMS spend cap in USD, and no default SMS sender id.
  messages = {
    mail_domain             = "messages.test.identity.example.gov"
    sms_monthly_spend_limit = 1
    sms_sender_id           = null
  }

  compute = {
    # The messages API: mail from this address in the SES domain above; no custom domain (set one with
    # mutual_tls to require client certificates, modules/http_api).
    messages = {
      mail_from     = "no-reply@messages.test.identity.example.gov"
      custom_domain = null
    }
    # Each must be a value its app's configSchema accepts (ADDRESS_VENDOR, RESOLUTION_VENDOR,
    # STATE_ID_VENDOR, DOCUMENT_VENDOR), and a real vendor must be in proofing_vendor_secrets with its
    # secret set; the contract test and the plan check both.
    proofing_vendors = { address = "mock", resolution = "mock", state_id = "mock", document = "mock" }
    function_sizes = {
      "proof-address"    = { memory_size = 512, reserved_concurrency = -1 }
      "proof-resolution" = { memory_size = 512, reserved_concurrency = -1 }
      "proof-document"   = { memory_size = 1024, reserved_concurrency = -1 }
      "proofing-failure" = { memory_size = 512, reserved_concurrency = -1 }
    }
    log_level          = "INFO"
    log_retention_days = 14
    tracing_mode       = "PassThrough"
    errors_alarm       = { threshold = 5, evaluation_periods = 1, period_seconds = 300 }
    # Addresses that get alarm emails; each confirms its subscription once.
    alarm_email_addresses = []
    # Every release alias stays until listed here (first 10 characters of the SHA), once no IDP pins
    # it any more (docs/runbooks/deploy-release.md).
    retired_releases = []
    # The OAuth 2.0 issuer of the boards' machine clients (client credentials) and the audiences (app client
    # ids) the licensing API accepts. Placeholder: the user pool of this environment.
    licensing_api = {
      jwt_issuer   = "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_licensingtest"
      jwt_audience = ["licensing-api"]
    }
    # The accounts service: mails come from this address of a verified SES domain identity; logins also get
    # a Cognito developer identity when federate_logins is on.
    accounts = {
      mail_from       = "no-reply@test.identity.example.gov"
      mail_domain     = "test.identity.example.gov"
      federate_logins = true
    }
    # The licensing read side's ALB and public API (terraform/services/licensing read_api.tf). Placeholders: the
    # ACM certificate of the API's domain, and the VPC and subnets (two zones) of this environment's network.
    # Mails come from the accounts service's verified SES domain; the link opens the practitioner app's page.
    licensing_read_api = {
      certificate_arn           = "arn:aws:acm:us-west-2:222222222222:certificate/00000000-0000-0000-0000-000000000013"
      vpc_id                    = "vpc-02222222licensing"
      subnet_ids                = ["subnet-02222222licensinga", "subnet-02222222licensingb"]
      ingress_cidrs             = ["0.0.0.0/0"]
      mail_from                 = "no-reply@test.identity.example.gov"
      mail_domain               = "test.identity.example.gov"
      registration_continue_url = "https://app.test.identity.example.gov/provider/registration/continue"
      recaptcha_hostnames       = ["app.test.identity.example.gov"]
    }
  }
}
