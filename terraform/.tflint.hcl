# tflint, run by CI's tflint job on every module directory except tests/fixtures (which are wrong on
# purpose). The terraform ruleset is bundled with tflint, so the check needs no plugin download.
config {
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "recommended"
}
