# Settings hold locals and outputs only; the Terraform version is the roots' (tflint asks every module).
terraform {
  required_version = ">= 1.11.0, < 2.0.0"
}
