-- Every kind of every group under example.org: a phase, in capitals.
if obj.status ~= nil and obj.status.state == "UP" then
  return {status = "Healthy", message = obj.kind .. " is up"}
end
return {status = "Progressing", message = "Waiting for " .. obj.metadata.name}
