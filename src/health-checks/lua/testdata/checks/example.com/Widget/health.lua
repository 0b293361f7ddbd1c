-- Widgets report how many of their parts are painted.
local hs = {}
if obj.status == nil or obj.status.paintedParts == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the painter"
  return hs
end
local wanted = obj.spec.parts or 1
if obj.status.paintedParts < wanted then
  hs.status = "Progressing"
  hs.message = string.format("%d of %d parts painted", obj.status.paintedParts, wanted)
  return hs
end
for i, condition in ipairs(obj.status.conditions or {}) do
  if condition.type == "Smudged" and condition.status == "True" then
    hs.status = "Degraded"
    hs.message = condition.message
    return hs
  end
end
hs.status = "Healthy"
hs.message = "All " .. wanted .. " parts painted"
return hs
