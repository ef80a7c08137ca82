# Everything that differs between environments, and nothing else: the data and compute root
# modules beside this directory are identical in all four environments (a contract test checks it).
locals {
  environment = "sandbox"
  # Placeholder: the real account id of the sandbox account, also in ../data/backend.tf and
  # ../compute/backend.tf (the contract test checks that the three agree).
  account_id = "111111111111"
  region     = "us-west-2"

  # The IDP of this environment: the roles that invoke proofing aliases and read hand-off secrets,
  # and the hosts that proofing callbacks may go to.
  idp_principal_arns     = ["arn:aws:iam::111111111111:role/sandbox-idp-application"]
  callback_allowed_hosts = ["idp.sandbox.identity.example.gov"]

  compute = {
    # Must be a value apps/proof-address accepts (its configSchema ADDRESS_VENDOR enum).
    address_vendor = "mock"
    function_sizes = {
      "proof-address" = { memory_size = 512, reserved_concurrency = -1 }
    }
    log_level          = "INFO"
    log_retention_days = 7
    tracing_mode       = "PassThrough"
    errors_alarm       = { threshold = 10, evaluation_periods = 1, period_seconds = 300 }
    # Addresses that get alarm emails; each confirms its subscription once.
    alarm_email_addresses = []
    # Every release alias stays until listed here (first 10 characters of the SHA), once no IDP pins
    # it any more (docs/runbooks/deploy-release.md).
    retired_releases = []
  }
}
