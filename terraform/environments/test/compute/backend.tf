terraform {
  backend "s3" {
    bucket       = "idp-backend-tfstate-222222222222"
    key          = "environments/test/compute.tfstate"
    region       = "us-west-2"
    encrypt      = true
    use_lockfile = true
  }
}
